"""Follow-up reviews (回头看, DESIGN.md section 6): the monitor's periodic loop flags a case whose
risk was eliminated once its follow-up date has come, and announces it on monitor.alerts.v1 once."""
from datetime import date, datetime, timedelta, timezone

import httpx

from services.monitor.follow_up import flag_follow_ups_due
from services.monitor.local_time import LOCAL_TZ
from shared import topics
from tests.integration import events as ev
from tests.integration.cases import eventually, move, timeline
from tests.integration.events import TZ
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish

ABLE_AND_ABOVE_THE_LINE = ("p.relation = 'head' AND h.income_per_capita_yuan >= 12000 AND (SELECT count(*) "
                           "FROM monitor.persons q WHERE q.household_id = p.household_id AND q.able_to_work) >= 1")


def flagged_for(alert_id: str):
    return lambda v: v.get("type", "").endswith("follow_up_flagged.v1") and v["data"]["alert_id"] == alert_id


async def _eliminated_case(system, db) -> tuple[dict, str]:
    """An unsafe house (red), repaired: verified, enrolled, assisted and its risk eliminated."""
    row = await pick(db, ABLE_AND_ABOVE_THE_LINE)
    hid = row["household_id"]
    start = datetime.now(TZ).replace(microsecond=0) - timedelta(hours=2)
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "C", when=start)),
                  as_bytes(ev.housing(ev.person(row), "A", when=start + timedelta(hours=1))))
    alert_id = (await system.reader.wait_for(topics.ALERTS, for_household(hid)))[0]["data"]["alert_id"]
    assert await eventually(db, "SELECT NOT active FROM monitor.factors WHERE household_id = $1 "
                                "AND code = 'unsafe_housing'", hid)
    async with httpx.AsyncClient(timeout=10) as http:
        for step, extra in (("verifying", {}), ("confirmed", {"category": "marginal"}), ("assisted", {}),
                            ("risk_eliminated", {})):
            moved = await move(http, system, alert_id, step, **extra)
            assert moved.status_code == 200, moved.text
    return row, alert_id


async def _due_yesterday(db, alert_id: str) -> date:
    """Stands in for the policy's 180 days passing."""
    yesterday = datetime.now(LOCAL_TZ).date() - timedelta(days=1)
    await db.execute("UPDATE monitor.alerts SET follow_up_due = $2 WHERE alert_id = $1", alert_id, yesterday)
    return yesterday


async def test_a_follow_up_review_falling_due_is_flagged_once_and_announced_once(system, db):
    row, alert_id = await _eliminated_case(system, db)
    await system.wait_scheduler_rounds(db)  # a review not due yet is not flagged
    assert not [v for v in system.reader.values(topics.ALERTS) if flagged_for(alert_id)(v)]

    due = await _due_yesterday(db, alert_id)
    (event,) = await system.reader.wait_for(topics.ALERTS, flagged_for(alert_id), timeout_s=20)
    alert = await db.fetchrow("SELECT * FROM monitor.alerts WHERE alert_id = $1", alert_id)
    assert event["subject"] == row["household_id"]
    assert event["data"]["household_id"] == row["household_id"] and event["data"]["category"] == "marginal"
    assert event["data"]["follow_up_due"] == due.isoformat()
    assert datetime.fromisoformat(event["data"]["risk_eliminated_at"]) == alert["status_changed_at"]
    assert alert["follow_up_flagged_at"] is not None and alert["status"] == "risk_eliminated"

    # A second pass flags nothing new, and the loop announces nothing more.
    async with db.transaction():
        assert alert_id not in await flag_follow_ups_due(db, datetime.now(timezone.utc))
    await system.wait_scheduler_rounds(db)
    assert len([v for v in system.reader.values(topics.ALERTS) if flagged_for(alert_id)(v)]) == 1
    assert await db.fetchval("SELECT follow_up_flagged_at FROM monitor.alerts WHERE alert_id = $1",
                             alert_id) == alert["follow_up_flagged_at"]

    async with httpx.AsyncClient(timeout=10) as http:
        entries = await timeline(http, system, row["household_id"])
    (entry,) = [t for t in entries if t["kind"] == "follow_up_due"]
    assert entry["id"] == alert_id and entry["detail"]["follow_up_due"] == due.isoformat()
    assert datetime.fromisoformat(entry["at"]) == datetime.combine(due, datetime.min.time(), LOCAL_TZ)


async def test_a_reopened_case_eliminated_again_is_flagged_again_for_its_new_date(system, db):
    _, alert_id = await _eliminated_case(system, db)
    await _due_yesterday(db, alert_id)
    (first,) = await system.reader.wait_for(topics.ALERTS, flagged_for(alert_id), timeout_s=20)
    async with httpx.AsyncClient(timeout=10) as http:
        for step in ("reopened", "assisted", "risk_eliminated"):
            moved = await move(http, system, alert_id, step)
            assert moved.status_code == 200, moved.text
    new_due = date.fromisoformat(moved.json()["follow_up_due"])
    assert new_due > datetime.now(LOCAL_TZ).date()
    await system.wait_scheduler_rounds(db)
    assert len([v for v in system.reader.values(topics.ALERTS) if flagged_for(alert_id)(v)]) == 1

    await _due_yesterday(db, alert_id)
    found = await system.reader.wait_for(topics.ALERTS, flagged_for(alert_id), count=2, timeout_s=20)
    assert len(found) == 2 and found[1]["id"] != first["id"]
    assert found[1]["data"]["risk_eliminated_at"] > first["data"]["risk_eliminated_at"]
