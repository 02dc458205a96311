"""A case followed from alert to risk eliminated (DESIGN.md section 6), through the real broker:
job loss -> alert -> cadre verification -> employment task completed -> risk eliminated."""
from datetime import datetime

import httpx

from shared import topics
from tests.integration import events as ev
from tests.integration.cases import complete_task, eventually, move, operator_headers, operator_name, timeline
from tests.integration.events import TZ
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish


async def test_a_job_loss_is_followed_to_a_completed_employment_task_and_risk_elimination(system, db):
    row = await pick(db, "p.main_earner AND h.income_per_capita_yuan >= 12000 AND "
                         "(SELECT count(*) FROM monitor.persons q WHERE q.household_id = p.household_id "
                         "AND q.able_to_work) >= 1")
    # More than the policy's six stable months ago; in December the lost wage (one month) leaves
    # this household's per-capita income above the line, so the job loss is the only factor.
    lost_on = datetime(2025, 12, 10, 9, 0, tzinfo=TZ)
    await publish(system, "employment", as_bytes(ev.job_lost(ev.person(row), when=lost_on)))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    task = (await system.reader.wait_for(topics.tasks_topic("employment"), for_household(row["household_id"])))[0]
    assert alert["level"] == "orange" and task["data"]["task_type"] == "job_placement"
    alert_id, task_id = alert["alert_id"], task["data"]["task_id"]

    async with httpx.AsyncClient(timeout=10) as http:
        unauthenticated = await http.post(system.url("monitor", f"/v1/alerts/{alert_id}/transitions"),
                                          json={"to": "verifying", "reason": "x y"})
        assert unauthenticated.status_code == 401
        assert (await move(http, system, alert_id, "confirmed", category="sudden_hardship")).status_code == 409
        assert (await move(http, system, alert_id, "verifying")).status_code == 200
        assert (await move(http, system, alert_id, "confirmed")).status_code == 409  # no category
        assert (await move(http, system, alert_id, "confirmed", category="sudden_hardship")).status_code == 200
        assert (await move(http, system, alert_id, "assisted")).status_code == 200
        refused = await move(http, system, alert_id, "risk_eliminated")
        assert refused.status_code == 409
        assert "main_earner_job_lost" in str(refused.json()["detail"]["refused"])

        # The employment department places the worker and completes its task.
        done = await complete_task(http, system, "employment", task_id, "resolved", measures=["公益性岗位安置"])
        assert done.status_code == 200, done.text
        assert await eventually(db, "SELECT NOT active FROM monitor.factors WHERE household_id = $1 AND "
                                    "code = 'main_earner_job_lost'", row["household_id"])
        eliminated = await move(http, system, alert_id, "risk_eliminated")
        assert eliminated.status_code == 200, eliminated.text
        assert eliminated.json()["follow_up_due"]
        entries = await timeline(http, system, row["household_id"])

    kinds = [t["kind"] for t in entries]
    assert kinds[0] == "event" and "task_completed" in kinds
    assert [t["detail"]["to"] for t in entries if t["kind"] == "decision"] == [
        "verifying", "confirmed", "assisted", "risk_eliminated"]
    assert any(t["kind"] == "alert" and alert["factors"][0]["evidence_event_ids"][0] in t["evidence_event_ids"]
               for t in entries)
    assert await db.fetchval("SELECT count(*) FROM monitor.alert_transitions WHERE alert_id = $1", alert_id) == 4

    # Business time throughout: the task was assigned when the job was lost, not when the monitor ran;
    # completed when the department recorded it, with its completion event as evidence.
    job_loss_event = alert["factors"][0]["evidence_event_ids"][0]
    (assigned,) = [t for t in entries if t["kind"] == "task_assigned" and t["id"] == task_id]
    assert datetime.fromisoformat(assigned["at"]) == lost_on
    assert assigned["evidence_event_ids"] == [job_loss_event]
    (completed,) = [t for t in entries if t["kind"] == "task_completed" and t["id"] == task_id]
    department_side = await db.fetchrow("SELECT completed_at FROM employment.tasks WHERE task_id = $1", task_id)
    monitor_side = await db.fetchrow("SELECT completion_event_id FROM monitor.tasks WHERE task_id = $1", task_id)
    assert datetime.fromisoformat(completed["at"]) == department_side["completed_at"]
    assert completed["evidence_event_ids"] == [monitor_side["completion_event_id"]]
    assert completed["detail"]["outcome"] == "resolved"
    # The resolved task cleared the only factor: the household was re-assessed green at that moment.
    (assessment,) = [t for t in entries if t["kind"] == "assessment"]
    assert assessment["at"] == completed["at"] and assessment["detail"]["level"] == "green"
    assert assessment["detail"]["task_id"] == task_id
    assert assessment["evidence_event_ids"] == completed["evidence_event_ids"]
    decisions = {t["detail"]["to"]: t for t in entries if t["kind"] == "decision"}
    assert all(t["detail"]["actor"] == operator_name(system) for t in decisions.values())
    # The cadres' verification: assigned with the alert, acknowledged and completed by the decisions.
    verification = [t for t in entries if t["kind"] in ("task_assigned", "task_acknowledged", "task_completed")
                    and t["detail"]["task_type"] == "household_verification"]
    assert [(t["kind"], t["at"]) for t in verification] == [
        ("task_assigned", assigned["at"]), ("task_acknowledged", decisions["verifying"]["at"]),
        ("task_completed", decisions["confirmed"]["at"])]
    assert verification[2]["detail"]["outcome"] == "confirmed"
    assert verification[1]["detail"]["by"] == verification[2]["detail"]["by"] == operator_name(system)
    times = [datetime.fromisoformat(t["at"]) for t in entries]
    assert times == sorted(times)


async def test_a_household_with_nobody_able_to_work_stays_under_support(system, db):
    row = await pick(db, "NOT EXISTS (SELECT 1 FROM monitor.persons q WHERE q.household_id = p.household_id "
                         "AND q.able_to_work) AND p.relation = 'head'")
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "C")))
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    async with httpx.AsyncClient(timeout=10) as http:
        for step, extra in (("verifying", {}), ("confirmed", {"category": "unstable_formerly_poor"}), ("assisted", {})):
            assert (await move(http, system, alert["alert_id"], step, **extra)).status_code == 200
        refused = await move(http, system, alert["alert_id"], "risk_eliminated")
    assert refused.status_code == 409
    assert "nobody in the household can work" in str(refused.json())


async def test_a_task_past_its_due_date_is_marked_overdue_and_its_alert_escalated(system, db):
    row = await pick(db, "p.relation = 'head'")
    appraised = datetime(2026, 2, 1, 10, 0, tzinfo=TZ)  # housing task due 30 days later: long past
    await publish(system, "housing", as_bytes(ev.housing(ev.person(row), "D", when=appraised)))
    alert = (await system.reader.wait_for(topics.ALERTS, lambda v: v["subject"] == row["household_id"]
                                          and v["type"].endswith("alert_raised.v1")))[0]["data"]
    # The housing task and the cadres' verification visit (due 15 days after the appraisal) are both late.
    escalated = await system.reader.wait_for(
        topics.ALERTS, lambda v: v["subject"] == row["household_id"] and v["type"].endswith("alert_escalated.v1"),
        count=2, timeout_s=20)
    by_department = {e["data"]["department"]: e["data"] for e in escalated}
    assert sorted(by_department) == ["housing", "township"] and len(escalated) == 2
    housing, township = by_department["housing"], by_department["township"]
    assert housing["alert_id"] == township["alert_id"] == alert["alert_id"]
    assert housing["due_date"] == "2026-03-03" and housing["days_overdue"] > 200
    assert (township["task_type"], township["due_date"]) == ("household_verification", "2026-02-16")
    assert await db.fetchval("SELECT escalations FROM monitor.alerts WHERE alert_id = $1", alert["alert_id"]) == 2
    assert await db.fetchval("SELECT bool_and(overdue_at IS NOT NULL) FROM monitor.tasks WHERE alert_id = $1",
                             alert["alert_id"])


async def test_a_household_self_report_over_http_raises_a_yellow_factor_for_verification(system, db):
    row = await pick(db, "h.income_per_capita_yuan >= 9000")
    report = {"person": {"resident_id": row["resident_id"], "name": row["name"]}, "risk_type": "illness",
              "description": "家中老人长期患病，医疗支出大", "reported_on": "2026-10-20"}
    async with httpx.AsyncClient(timeout=10) as http:
        bad = await http.post(system.url("monitor", "/v1/self-reports"), headers=operator_headers(system),
                              json={**report, "person": {"resident_id": row["resident_id"][:-1] + "Z", "name": "x"}})
        assert bad.status_code == 422
        accepted = await http.post(system.url("monitor", "/v1/self-reports"), json=report,
                                   headers=operator_headers(system))
        assert accepted.status_code == 202, accepted.text
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"]), timeout_s=20))[0]["data"]
    assert alert["level"] == "yellow"
    assert [f["code"] for f in alert["factors"]] == ["self_reported_hardship"]
    assert alert["factors"][0]["evidence_event_ids"] == [accepted.json()["event_id"]]
