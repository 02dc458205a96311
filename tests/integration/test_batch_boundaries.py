"""A household's factors do not depend on where batch boundaries fall (issue 12: two monitor
instances, or one polling differently, cut batches elsewhere): two bills of one household at one
business time end in the same medical-burden factor whether they come in one batch or two, in
either order."""
from decimal import Decimal

from services.monitor.batch import process_batch
from services.monitor.policy import load_policy
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore
from shared import topics
from tests.integration import events as ev
from tests.integration.test_end_to_end import as_bytes

POLICY = load_policy()


async def test_two_bills_at_one_time_give_one_factor_in_one_batch_or_two_in_either_order(db):
    head = await db.fetchrow(
        "SELECT p.*, h.village_code FROM monitor.persons p JOIN monitor.households h USING (household_id) "
        "WHERE p.relation = 'head' AND h.members = 2 AND NOT EXISTS (SELECT 1 FROM monitor.household_events e "
        "WHERE e.household_id = p.household_id) ORDER BY p.resident_id LIMIT 1")
    person = ev.person(dict(head))
    first, second = ev.hospital_bill(person, Decimal("8000")), ev.hospital_bill(person, Decimal("9500"))
    records = {e.id: InboundRecord(topics.events_topic("health_insurance"), 0, i, b"k", as_bytes(e))
               for i, e in enumerate((first, second))}
    outcomes = []
    for batches in ([[first, second]], [[first], [second]], [[second], [first]]):
        transaction = db.transaction()
        await transaction.start()
        try:
            for batch in batches:
                await process_batch(PgStore(db), [records[e.id] for e in batch], POLICY, "test-secret-0123456789")
            outcomes.append([tuple(r) for r in await db.fetch(
                "SELECT code, level, active, evidence_event_ids, amount_yuan FROM monitor.factors "
                "WHERE household_id = $1 ORDER BY code", head["household_id"])])
        finally:
            await transaction.rollback()
    # The two bills' sum is over a threshold: one factor is active with it, the others cleared.
    assert [amount for _, _, active, _, amount in outcomes[0] if active] == [Decimal("17500.00")], outcomes[0]
    assert outcomes[0] == outcomes[1] == outcomes[2]
