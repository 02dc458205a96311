"""Through the real broker and database: the same event sent again in another spelling (UTC
instead of +08:00, keys reordered, other whitespace, "1500.0" for "1500") is one event with one
effect and no dead letter; the same ID with a changed amount is dead-lettered as a reused event ID
(shared.contracts.canonical, services/monitor/dedup.py)."""
import base64
import json
from decimal import Decimal

from services.monitor.dedup import REUSED_ID
from shared import topics
from tests.integration import events as ev
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish
from tests.respelling import respelt


async def test_an_event_in_two_spellings_has_one_effect_and_a_changed_amount_is_dead_lettered(system, db):
    row = await pick(db, "p.relation = 'head'")
    bill = ev.hospital_bill(ev.person(row), Decimal("150000"))
    raw = as_bytes(bill)
    other_spelling = respelt(raw, money={"personal_burden_yuan": "150000.0", "total_cost_yuan": "450000.00"})
    changed = respelt(raw, money={"personal_burden_yuan": "150000.01"})
    await publish(system, "health_insurance", raw, other_spelling)
    await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]))
    await publish(system, "health_insurance", other_spelling, changed)  # a later batch, then the change
    dead = await system.reader.wait_for(topics.DEADLETTER, lambda v: v["data"]["reason"] == REUSED_ID and json.loads(
        base64.b64decode(v["data"]["original_value_base64"]))["id"] == bill.id, timeout_s=30)
    assert [base64.b64decode(d["data"]["original_value_base64"]) for d in dead] == [changed]
    assert len([a for a in system.reader.values(topics.ALERTS) if for_household(row["household_id"])(a)
                and a["type"].endswith("alert_raised.v1")]) == 1
    assert await db.fetchval("SELECT count(*) FROM monitor.household_events WHERE event_id = $1", bill.id) == 1
