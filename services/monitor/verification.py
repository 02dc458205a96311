"""The cadres' verification visit (入户核实, DESIGN.md section 6) as a task of the township. Pure.

A department event never enrols a household by itself: each raised alert opens one verification
task, due by the policy's enrolment deadline (lifecycle.enrolment_deadline_days: 15 days in
national practice). It is stored with the departments' tasks, so the overdue pass escalates it
and the household plan (一户一策) lists it, but it is not published on any department's task
topic: the cadres work through the operator API, whose lifecycle moves settle it. raised ->
verifying acknowledges it; confirmed or dismissed completes it with that decision as its outcome;
each records the operator who decided and when (the decision's time). The cadres visit a
household once: an open visit of an earlier alert is completed as `superseded` by the monitor.
"""
from services.monitor import messages

TASK_TYPE = "household_verification"
DEPARTMENT = "township"  # 乡镇 and village cadres
SUPERSEDED = "superseded"  # outcome of a visit overtaken by a newer, worse alert of the same household
SUPERSEDED_BY = "monitor"


def task_id(alert_id: str) -> str:
    return messages.stable_id("verification", alert_id)


def evidence(alert) -> list[str]:
    """Every evidence event of the alert's factors (contracts AlertRaisedData), first seen first."""
    return list(dict.fromkeys(e for f in alert.factors for e in f.evidence_event_ids))
