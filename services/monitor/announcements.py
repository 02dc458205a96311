"""The contracts' payloads of what an assessment decided: the alert raised and the tasks assigned
(shared/contracts/monitor.py). Pure."""
from services.monitor import messages
from services.monitor.linking import People
from services.monitor.policy import Policy
from services.monitor.records import Decoded
from services.monitor.rules import Assessment
from services.monitor.task_planning import PlannedTask
from shared.contracts import monitor as m


def alert_data(hid: str, county_code: str, trigger: Decoded, now: Assessment, policy: Policy) -> m.AlertRaisedData:
    """Its ID is stable per household and triggering event, so a redelivery raises the same alert."""
    return m.AlertRaisedData(
        alert_id=messages.stable_id("alert", hid, trigger.event.id), household_id=hid, county_code=county_code,
        level=now.level, factors=active_factors(now.factors),
        policy_version=policy.version, explanation_zh=now.explanation_zh, explanation_en=now.explanation_en,
        link=trigger.link)


def active_factors(factors) -> list[m.ActiveFactor]:
    """rules.Factor list in the shape alerts and assessments carry."""
    return [m.ActiveFactor(code=f.code, level=f.level, risk_type=f.risk_type,
                           evidence_event_ids=list(f.evidence_event_ids), amount_yuan=f.amount_yuan) for f in factors]


def task_data(hid: str, alert_id: str | None, t: PlannedTask, source: Decoded,
              members: People) -> m.AssistanceTaskAssignedData:
    """The task `t` for its department, for the person of `source` (by the registry's resident ID)."""
    # The registry's ID: for a manual or probabilistic link it differs from what the department sent.
    person = source.event.data.person.model_copy(update={"resident_id": members[source.person_ref][0].resident_id})
    return m.AssistanceTaskAssignedData(
        task_id=messages.stable_id("task", hid, t.task_type, source.event.id), alert_id=alert_id,
        household_id=hid, department=t.department, task_type=t.task_type, factor_code=t.factor_code,
        due_date=t.due_date, person=person, evidence_event_ids=list(t.evidence_event_ids))
