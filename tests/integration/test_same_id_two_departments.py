"""Through the real broker and database: two departments that happen to use one event ID each get
their event processed, with an effect each and no dead letter (CloudEvents 1.0: source + id
identify an event, an id is unique only within its source; services/monitor/dedup.py, migration 014)."""
import base64
from decimal import Decimal

from services.monitor.dedup import source_key
from shared import topics
from tests.integration import events as ev
from tests.integration.cases import eventually
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish


async def test_two_departments_events_with_one_id_both_take_effect(system, db):
    sick, unsafe = await pick(db, "p.relation = 'head'"), await pick(db, "p.relation = 'head'")
    bill = ev.hospital_bill(ev.person(sick), Decimal("150000"))
    appraisal = ev.housing(ev.person(unsafe), "D").model_copy(update={"id": bill.id})
    await publish(system, "health_insurance", as_bytes(bill))
    await publish(system, "housing", as_bytes(appraisal))
    for row in (sick, unsafe):
        await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]))
    assert await eventually(db, "SELECT count(*) FROM monitor.processed_events WHERE event_id = $1 "
                            "AND outcome = 'linked'", bill.id, expected=2) == 2
    kept = await db.fetch("SELECT source, household_id FROM monitor.household_events WHERE event_id = $1", bill.id)
    assert {(r["source"], r["household_id"]) for r in kept} == {
        (source_key(bill.source), sick["household_id"]), (source_key(appraisal.source), unsafe["household_id"])}
    assert not [d for d in system.reader.values(topics.DEADLETTER)  # other tests' poison is not JSON
                if bill.id.encode() in base64.b64decode(d["data"].get("original_value_base64") or "")]
