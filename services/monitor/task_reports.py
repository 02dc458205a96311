"""A department's task status events (TaskAcknowledged, TaskCompleted) as rows, and what the
completions do to factors (services/monitor/outcomes.py). Pure."""
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from services.monitor.outcomes import TaskOutcome
from services.monitor.records import Decoded
from shared.contracts import monitor as m


class TaskAck(NamedTuple):
    task_id: str
    department: str
    by: str
    at: datetime  # the department's event time (business time)


class TaskCompletion(NamedTuple):
    task_id: str
    department: str
    by: str
    at: datetime  # the department's event time (business time)
    outcome: str
    measures_json: str
    amount_yuan: Decimal | None
    event_id: str


class CompletedTask(NamedTuple):
    """A task this transaction completed (factor_code None for a task without a factor)."""

    task_id: str
    alert_id: str | None
    household_id: str
    factor_code: str | None
    outcome: str
    at: datetime
    event_id: str


def as_rows(status: Iterable[Decoded]) -> tuple[list[TaskAck], list[TaskCompletion]]:
    acks, completions = [], []
    for x in status:
        e = x.event
        if isinstance(e, m.TaskAcknowledged):
            acks.append(TaskAck(e.data.task_id, e.data.department, e.data.acknowledged_by, e.time))
        else:
            completions.append(TaskCompletion(e.data.task_id, e.data.department, e.data.completed_by, e.time,
                                              e.data.outcome, json.dumps(e.data.measures, ensure_ascii=False),
                                              e.data.amount_yuan, e.id))
    return acks, completions


def outcomes_by_household(done: Iterable[CompletedTask]) -> dict[str, list[TaskOutcome]]:
    """The completions that answer a factor, by household."""
    todo: dict[str, list[TaskOutcome]] = defaultdict(list)
    for r in done:
        if r.factor_code is not None:
            todo[r.household_id].append(TaskOutcome(r.task_id, r.alert_id, r.factor_code, r.outcome, r.at, r.event_id))
    return dict(todo)
