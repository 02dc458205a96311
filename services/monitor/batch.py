"""Use case: one batch of department records -> one transaction (DESIGN.md sections 7 and 10).

Dedup, matching, factor changes, assessment, alerts, tasks and the outbox messages all commit
together through `store` (services/monitor/ports.py); the consumer commits Kafka offsets only
after this returns.
"""
from datetime import datetime

from services.monitor import dedup, messages
from services.monitor.batch_result import BatchResult
from services.monitor.db_dead_letters import dead_letter_row
from services.monitor.db_processed import ProcessedRow
from services.monitor.decode import decode
from services.monitor.linked import assess_linked, keep_registry_current
from services.monitor.linking import Matched, classify, linked_elsewhere, members_of
from services.monitor.local_time import LOCAL_TZ
from services.monitor.member_state import premature as registration_refused
from services.monitor.policy import Policy
from services.monitor.ports import BatchStore
from services.monitor.records import Decoded, InboundRecord, Rejected
from services.monitor.task_status import apply_task_status
from services.monitor.unmatched_hold import hold
from shared import topics
from shared.deadletter import dead_letter


async def process_batch(store: BatchStore, records: list[InboundRecord], policy: Policy,
                        key_secret: str) -> BatchResult:
    """Process records inside the caller's transaction. Raises only on the store's errors."""
    result = BatchResult()
    decoded = [decode(r) for r in records]
    result.events.update(_kind_of(x) for x in decoded)
    batch = dedup.first_of_each(decoded)
    batch = dedup.not_processed(batch, await store.already_processed(list(batch.fresh)))
    if batch.duplicates:
        result.counts["duplicate"] += batch.duplicates
    rejected = batch.rejected
    for part in dedup.one_per_id(batch.fresh):
        await apply_fresh(store, part, rejected, policy, key_secret, result)
        rejected = []
    return result


async def apply_fresh(store: BatchStore, part: dict[dedup.EventKey, tuple[Decoded, bytes]], rejected: list[Rejected],
                      policy: Policy, key_secret: str, result: BatchResult) -> None:
    """Apply new events, no two with one id (the core's per-batch lookups go by event id), and
    dead-letter `rejected`; counts into `result`."""
    fresh = [x for x, _ in part.values()]
    status = [x for x in fresh if x.is_task_status]
    known_tasks = await apply_task_status(store, status, policy)
    rejected += [Rejected(x.record, f"no task {x.event.data.task_id} assigned to {x.department}")
                 for x in status if x.event.data.task_id not in known_tasks]
    status = [x for x in status if x.event.data.task_id in known_tasks]
    result.counts["task_status"] += len(status)
    events, premature = refuse_premature([x for x in fresh if not x.is_task_status])
    rejected += premature
    matched = await match(store, events)
    rejected += matched.refused
    matched, recorded = await keep_registry_current(store, matched)
    out = await hold(store, matched, key_secret, policy.region, result.counts)
    result.counts["unmatched"] += len(matched.held)
    result.counts["linked"] += len(matched.linked) + len(recorded)
    if matched.linked:
        effects = await assess_linked(store, matched.linked, matched.members, policy)
        out += effects.messages
        result.alerts += [a.data for a in effects.alerts]
        result.counts["alerts"] += len(effects.alerts)
        result.counts["tasks"] += len(effects.tasks)
    out += [dead_letter(r.record, r.reason, messages.SOURCE) for r in rejected]
    await store.record_dead_letters([dead_letter_row(r.record, r.reason) for r in rejected])
    result.dead_lettered([r.reason for r in rejected])
    await store.mark_processed([ProcessedRow(*key, x.record.topic, outcome, part[key][1])
                                for group, outcome in ((status, "task_status"), (matched.held, "unmatched"),
                                                       (matched.linked + recorded, "linked"))
                                for x in group for key in [dedup.key_of(x.event)]])
    await store.enqueue(out)
    result.emitted(out)


def _kind_of(x: Decoded | Rejected) -> tuple[str, str]:
    """(department, event type) of a record read, for BatchResult.events."""
    if isinstance(x, Decoded):
        return x.department, x.event.type
    return topics.department_of(x.record.topic) or "", ""


def refuse_premature(events: list[Decoded]) -> tuple[list[Decoded], list[Rejected]]:
    """(events kept, deaths and disabilities refused as dated in the future: member_state.premature)."""
    today = datetime.now(LOCAL_TZ).date()
    reasons = {x.event.id: registration_refused(x.event, today) for x in events}
    return ([x for x in events if not reasons[x.event.id]],
            [Rejected(x.record, reasons[x.event.id]) for x in events if reasons[x.event.id]])


async def match(store: BatchStore, events: list[Decoded]) -> Matched:
    """Match every event's person to the registry (services/monitor/matching, linking.classify).
    One query for the batch's IDs (their households' members too, whom the matcher compares and the
    rules need), the matcher's own, and one for people the probabilistic path linked elsewhere."""
    if not events:
        return Matched()
    rows = await store.households_of(sorted({x.resident_id.value for x in events if x.resident_id}))
    results = await store.match([x.event.data.person for x in events], rows)
    found = members_of(rows)
    found |= await store.find_members(linked_elsewhere(results, found))
    return classify(events, results, found)
