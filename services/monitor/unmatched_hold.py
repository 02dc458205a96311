"""Use case: hold the events whose person was not found, for review (DESIGN.md section 4)."""
from collections import Counter

from services.monitor import dedup, held, messages
from services.monitor.db_unmatched import UnmatchedRow
from services.monitor.linking import Matched
from services.monitor.ports import BatchStore
from services.monitor.unmatched import candidates_json, county_code, held_reason
from shared.keys import person_key
from shared.outbox import OutboxMessage


async def hold(store: BatchStore, matched: Matched, key_secret: str, region: str,
               counts: Counter) -> list[OutboxMessage]:
    """Record `matched.held` as unmatched events, count one held_<kind> each (held.kind); returns
    their monitor.unmatched.v1 notices."""
    decisions = matched.decisions
    reasons = {x.event.id: matched.held_reasons.get(x.event.id) or held_reason(x, decisions.get(x.event.id), region)
               for x in matched.held}
    counts.update(f"held_{held.kind(r)}" for r in reasons.values())
    await store.insert_unmatched([UnmatchedRow(x.event.id, x.record.topic, x.event.type, reasons[x.event.id],
                                               x.event.model_dump_json(), candidates_json(decisions.get(x.event.id)),
                                               dedup.source_key(x.event.source))
                                  for x in matched.held])
    return [messages.unmatched(x.event, x.record.topic, reasons[x.event.id],
                               person_key(x.event.data.person.resident_id, key_secret), county_code(x))
            for x in matched.held]
