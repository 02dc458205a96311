"""Use case: move an alert along its lifecycle (services/monitor/lifecycle.py, DESIGN.md section 6),
keeping who decided, when and why; a verification visit's move also settles its task."""
import json
from datetime import date, datetime

import asyncpg

from services.monitor import db_alerts, db_audit, db_factors, db_household_events, db_registry, db_tasks, db_transitions
from services.monitor import lifecycle
from services.monitor.local_time import local_date
from services.monitor.policy import Policy


async def household_facts(conn: asyncpg.Connection, household_id: str, alert_factors: list[str]
                          ) -> lifecycle.HouseholdFacts:
    """What risk elimination is checked against; income last fell at the business time of the
    household's latest income-reducing event."""
    h = await db_registry.income_and_workers(conn, household_id)
    return lifecycle.HouseholdFacts(
        h["income_per_capita_yuan"], h["able"], await db_factors.active_codes(conn, household_id),
        frozenset(alert_factors),
        await db_household_events.latest_of_types(conn, household_id, lifecycle.INCOME_SHOCK_EVENTS))


async def transition(conn: asyncpg.Connection, *, alert_id: str, to: str, reason: str, category: str | None,
                     actor: str, policy: Policy, now: datetime,
                     counties: frozenset[str] | None = None) -> tuple[str, date | None]:
    """Inside the caller's transaction, for an actor who may act on `counties` (None: prefecture-wide);
    returns (the status it left, the follow-up review's due date when the risk was eliminated). Raises
    LookupError (no such alert, or one outside `counties`: as if absent) and lifecycle.TransitionRefused
    (not allowed now, with the reasons)."""
    await db_audit.act_as(conn, actor)
    alert = await db_alerts.alert_for_update(conn, alert_id)
    if alert is None or (counties is not None and alert["county_code"] not in counties):
        raise LookupError("no such alert")
    codes = [f["code"] for f in json.loads(alert["factors"])]
    facts = await household_facts(conn, alert["household_id"], codes) if to == "risk_eliminated" else None
    lifecycle.check_transition(alert["status"], to, category=category, facts=facts, policy=policy, now=now)
    follow_up = lifecycle.follow_up_due(local_date(now), policy) if to == "risk_eliminated" else None
    detail = {"facts": facts.__dict__ if facts else None, "policy_version": policy.version}
    await db_alerts.set_status(conn, alert_id=alert_id, status=to, at=now, category=category,
                               follow_up_due=follow_up)
    await db_transitions.insert_transition(conn, alert_id=alert_id, from_status=alert["status"], to_status=to,
                                           actor=actor, reason=reason, detail=detail, at=now)
    await db_tasks.settle_visit(conn, alert_id=alert_id, to_status=to, actor=actor, at=now)
    return alert["status"], follow_up
