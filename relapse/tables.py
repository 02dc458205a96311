"""How the commands' results look: rich tables and watch lines. Pure (tests render them); resident
IDs only masked (shared/resident_id/masking.py), names never."""
from rich.table import Table
from rich.text import Text

from relapse.records import LEVEL_STYLE, Row
from shared.kafka_lag import PartitionLag
from shared.resident_id.masking import masked


def plain(*cells) -> list[Text]:
    """Table cells as literal text: values from the broker or the monitor are never read as rich markup
    (a "[/]" in an event ID would otherwise stop the command)."""
    return [c if isinstance(c, Text) else Text(str(c)) for c in cells]


def watch_line(row: Row) -> Text:
    where = f"{row.partition}@{row.offset}"
    if row.problem:
        return Text.assemble((f"{where:>10} ", "dim"), (row.problem, "magenta"))
    return Text.assemble((f"{where:>10} ", "dim"), (f"{row.time[:19]:19} ", "cyan"), (f"{row.type:40} ", "bold"),
                         (f"{row.county or '-':6} ", ""), (f"{row.level or '-':7} ", LEVEL_STYLE.get(row.level, "")),
                         (row.resident or "-", "dim"))


def lag_table(rows: list[PartitionLag]) -> Table:
    table = Table(title="Consumer lag")
    for col in ("group", "topic", "partition", "committed", "end", "lag"):
        table.add_column(col, justify="right" if col in ("partition", "committed", "end", "lag") else "left")
    for r in rows:
        table.add_row(*plain(r.group, r.topic, r.partition, "none" if r.committed < 0 else f"{r.committed:,}",
                             f"{r.end:,}", f"{r.lag:,}"), style="yellow" if r.lag else None)
    if not rows:
        table.caption = "no consumer group has committed anything"
    return table


def alerts_table(alerts: list[dict]) -> Table:
    table = Table(title=f"Alerts ({len(alerts)})")
    for col in ("business time", "county", "level", "now", "status", "escalations", "household", "alert"):
        table.add_column(col)
    for a in alerts:
        level, now = a.get("level") or "", a.get("current_level") or ""
        table.add_row(*plain(str(a.get("business_time", ""))[:19], a.get("county_code") or "",
                             Text(level, LEVEL_STYLE.get(level, "")), Text(now, LEVEL_STYLE.get(now, "")),
                             a.get("status") or "", a.get("escalations", 0), a.get("household_id") or "",
                             a.get("alert_id") or ""))
    return table


def review_table(held: list[dict]) -> Table:
    table = Table(title=f"Review queue ({len(held)} held)")
    for col in ("event", "type", "reason", "received", "candidates (N: masked ID, household, score)"):
        table.add_column(col)
    for h in held:
        cands = "\n".join(f"{i}: {masked(c.get('resident_id'))} {c.get('household_id', '')} {c.get('score', '')}"
                          for i, c in enumerate(h.get("candidates") or [], start=1))
        table.add_row(*plain(h["event_id"], (h.get("event_type") or "").removeprefix("cn.kashgar."),
                             h.get("reason") or "", str(h.get("received_at", ""))[:19], cands or "-"))
    return table


def candidate_id(held: list[dict], event_id: str, number: int) -> str:
    """The full resident ID of candidate `number` (1-based) of held event `event_id`, never printed.
    Raises LookupError when there is no such held event or candidate."""
    event = next((h for h in held if h["event_id"] == event_id), None)
    if event is None:
        raise LookupError(f"no held event {event_id} in the review queue")
    cands = event.get("candidates") or []
    if not 1 <= number <= len(cands):
        raise LookupError(f"held event {event_id} has {len(cands)} candidates, no number {number}")
    return cands[number - 1]["resident_id"]
