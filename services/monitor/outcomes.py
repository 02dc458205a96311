"""What a department's completed task does to the factor it answers. Pure.

`resolved` clears the factor (the department reports the risk answered; the Kashgar plan,
chapter 4 section 2: 符合风险消除条件的，据实稳定消除风险);
`partially_resolved` lowers its colour by the policy's `task_outcomes.partially_resolved` rule
(a local choice: one step, red -> orange -> yellow, never cleared); `not_resolved` leaves it.
The completion counts as the factor's latest change at its business time (the department's
event time), so a newer event keeps its effect and an older one arriving late cannot undo it.
"""
from dataclasses import dataclass, replace
from datetime import datetime

from services.monitor.factor_state import MAX_EVIDENCE, FactorState, active, changed_rows
from services.monitor.policy import Lowering, Policy
from services.monitor.rules import LEVELS, Assessment, assess


@dataclass(frozen=True)
class TaskOutcome:
    task_id: str
    alert_id: str
    factor_code: str
    outcome: str  # resolved | partially_resolved | not_resolved
    at: datetime  # business time of the completion
    event_id: str  # the department's completion event: evidence on the factor


def lowered(level: str, rule: Lowering) -> str:
    """`level` moved `rule.steps` colours down, not below `rule.floor`; never higher than it was."""
    index = LEVELS.index(level)
    return LEVELS[min(index, max(index - rule.steps, LEVELS.index(rule.floor)))]


def apply_outcomes(state: dict[str, FactorState], outcomes: list[TaskOutcome],
                   policy: Policy) -> dict[str, FactorState]:
    """New factor state of one household; the input is not modified. An outcome changes only the
    active factors it answers (`answered`) that no event has changed after the completion (business time)."""
    new = dict(state)
    for o in sorted(outcomes, key=lambda o: (o.at, o.event_id)):
        for code in answered(new, o.factor_code, policy):
            old = new[code]
            if not old.active or old.changed_at > o.at:
                continue
            evidence = (old.evidence_event_ids + (o.event_id,))[-MAX_EVIDENCE:]
            if o.outcome == "resolved":
                new[code] = replace(old, active=False, amount_yuan=None, evidence_event_ids=evidence, changed_at=o.at)
            elif o.outcome == "partially_resolved":
                level = lowered(old.level, policy.task_outcomes.partially_resolved)
                if level != old.level:
                    new[code] = replace(old, level=level, evidence_event_ids=evidence, changed_at=o.at)
    return new


def answered(state: dict[str, FactorState], factor_code: str, policy: Policy) -> list[str]:
    """The household's factors a task raised for `factor_code` answers: that one and every other of
    its task type. While a task of a type is open no second one is planned (task_planning), so the
    open task stands for each factor of its type that became active meanwhile - e.g. a medical
    burden grown from attention to over half the income: which of the two the task was raised for
    depends only on how the bills fell into batches."""
    task_type = policy.factors[factor_code].task_type
    return sorted(c for c in state if c == factor_code or (task_type is not None and policy.factors[c].task_type == task_type))


@dataclass(frozen=True)
class Reassessment:
    """The household graded again after task outcomes changed its factors."""

    household_id: str
    alert_id: str  # the alert of the latest task (or the open alert, for an event)
    at: datetime  # business time of the latest completion (or of the event)
    task_id: str  # the latest task (or the event that caused it: see `cause`)
    evidence_event_ids: tuple[str, ...]  # the completion events (or the batch's events)
    assessment: Assessment
    cause: str = "task_completed"  # or "event": a department event changed an open case's level


def reassess(states: dict[str, dict[str, FactorState]], outcomes: dict[str, list[TaskOutcome]],
             policy: Policy) -> tuple[list[tuple], list[Reassessment]]:
    """For each household with outcomes: the factor rows that changed (factor_state.changed_rows)
    and, when any did, its new assessment as of the latest completion (business time)."""
    rows, found = [], []
    for hid, todo in sorted(outcomes.items()):
        before = states.get(hid, {})
        after = apply_outcomes(before, todo, policy)
        changed = changed_rows(hid, before, after)
        if not changed:
            continue
        last = max(todo, key=lambda o: (o.at, o.event_id))
        rows += changed
        found.append(Reassessment(hid, last.alert_id, last.at, last.task_id, tuple(o.event_id for o in todo),
                                  assess(active(after, policy, as_of=last.at), policy)))
    return rows, found
