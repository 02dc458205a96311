"""Use case: dead letters re-driven after a fix (issue 14 part 7). The original record (key, value,
headers as consumed) is sent again to its source topic, where the monitor consumes it like any
record: processed now if the fix removed its reason, dead-lettered again (a new dead letter, at its
new offset) if not. Each re-drive marks its dead letters and writes one audit row (who, when, the
selection, which, how many), in the transaction that holds their row locks while they are sent.

Nothing is processed twice: a dead letter is re-driven once (a second re-drive finds it marked,
and waits for the first's lock if they run together), and should a send be acknowledged but the
transaction fail, a re-drive sends it again and the monitor's dedup takes the second copy as a
duplicate of the event the first one processed (services/monitor/dedup.py).

Callers: the command (services/monitor/deadletters.py); an operator API or dashboard later.
"""
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import asyncpg

from services.monitor import db_audit, db_dead_letters, db_redrives
from services.monitor.db_dead_letters import WaitingRow

BEFORE_013 = "no original bytes kept (dead-lettered before migration 013): re-send them from monitor.deadletter.v1"
NOT_UTF8_HEADER = "a header name is not UTF-8, which no Kafka client can send"
ALREADY = "re-driven before, by re-drive {}"
UNKNOWN = "no such dead letter"
TOPIC_GONE = "its source topic {} does not exist (deleted or renamed): create it again, then re-drive"


class Resender(Protocol):
    async def existing(self, topics: set[str]) -> set[str]:
        """Those of `topics` the broker has (a send to another would wait for its metadata, then fail)."""

    async def resend(self, topic: str, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]]) -> None:
        """Queue one record; `flush` waits for the broker's acknowledgements."""

    async def flush(self) -> None:
        """Wait until every queued record is acknowledged; raises when one is not."""


@dataclass(frozen=True)
class Selection:
    """The dead letters to re-drive: these IDs, or every waiting one of a reason (exactly one of them)."""

    ids: tuple[int, ...] = ()
    reason: str | None = None

    def __post_init__(self):
        if bool(self.ids) == (self.reason is not None):
            raise ValueError("choose dead letters by IDs or by one reason, not both and not neither")

    def as_json(self) -> dict:
        return {"ids": list(self.ids)} if self.ids else {"reason": self.reason}


@dataclass
class RedriveReport:
    """What a re-drive did: `sent` dead letter IDs (re-sent, or that would be in a dry run),
    `skipped` ID -> why not; `redrive_id` the audit row (None in a dry run or when nothing was sent)."""

    sent: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)
    redrive_id: int | None = None
    dry_run: bool = False


def _sendable(row: WaitingRow) -> tuple[list[tuple[str, bytes]] | None, str | None]:
    """(headers as a Kafka client takes them, None) or (None, why the row cannot be sent)."""
    if row.value is None:
        return None, BEFORE_013
    try:
        return [(k.decode(), v) for k, v in row.headers], None
    except UnicodeDecodeError:
        return None, NOT_UTF8_HEADER


async def redrive(pool: asyncpg.Pool, resender: Resender, selection: Selection, operator: str,
                  dry_run: bool = False) -> RedriveReport:
    """Re-send the selected waiting dead letters (in ID order, so a key's records keep their order)
    and record the re-drive; one whose source topic is gone is skipped with why (TOPIC_GONE) and
    stays waiting; `dry_run`: report what would go, change and send nothing. Raises
    ValueError for a blank operator; a send the broker does not acknowledge raises (the
    transaction rolls back: nothing is marked, a later re-drive sends them again)."""
    if not operator.strip():
        raise ValueError("an operator name is required: the audit says who re-drove what")
    report = RedriveReport(dry_run=dry_run)
    async with pool.acquire() as conn, conn.transaction():
        await db_audit.act_as(conn, operator)
        rows = await db_dead_letters.waiting(conn, ids=selection.ids, reason=selection.reason, lock=not dry_run)
        await _explain_missing(conn, selection.ids, {r.id for r in rows}, report)
        to_send = []
        for row in rows:
            headers, problem = _sendable(row)
            if problem:
                report.skipped[row.id] = problem
            else:
                to_send.append((row, headers))
        if to_send and not dry_run:
            there = await resender.existing({row.source_topic for row, _ in to_send})
            report.skipped.update({row.id: TOPIC_GONE.format(row.source_topic)
                                   for row, _ in to_send if row.source_topic not in there})
            to_send = [(row, headers) for row, headers in to_send if row.source_topic in there]
        report.sent = [row.id for row, _ in to_send]
        if dry_run or not to_send:
            return report
        for row, headers in to_send:
            await resender.resend(row.source_topic, row.key, row.value, headers)
        await resender.flush()
        report.redrive_id = await db_redrives.record_redrive(conn, operator=operator.strip(),
                                                            selection=selection.as_json(), dead_letter_ids=report.sent)
        await db_dead_letters.mark_redriven(conn, ids=report.sent, redrive_id=report.redrive_id)
    return report


async def _explain_missing(conn: asyncpg.Connection, ids: Sequence[int], found: set[int], report: RedriveReport) -> None:
    missing = [i for i in ids if i not in found]
    if missing:
        known = await db_dead_letters.existing(conn, ids=missing)
        report.skipped.update({i: UNKNOWN if i not in known else ALREADY.format(known[i]) for i in missing})


async def summary(pool: asyncpg.Pool, reason: str | None = None, limit: int = 100):
    """(counts: [(reason, waiting, redriven)], rows: the first `limit` waiting dead letters, of
    `reason` or all) for a listing; rows carry the original bytes, which a listing must not show."""
    async with pool.acquire() as conn:
        return (await db_dead_letters.counts_by_reason(conn),
                await db_dead_letters.waiting(conn, reason=reason, limit=limit))
