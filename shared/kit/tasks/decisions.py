"""Staff decisions on a task (acknowledge, complete) and the status event each sends the monitor.

A decision moves a task from the statuses it allows to its own; the status event has an ID
derived from the task and the decision, so a retried decision is one event to the monitor.
"""
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from shared import topics
from shared.contracts import monitor as m
from shared.keys import household_key
from shared.outbox import OutboxMessage
from shared.sources import source_of

NAMESPACE = uuid.UUID("0c3e7a52-8f6b-4f1e-9d0a-6531a5e2c1b7")
ACKNOWLEDGED, COMPLETED = "acknowledged", "completed"
ALLOWED_FROM = {ACKNOWLEDGED: ("open",), COMPLETED: ("open", "acknowledged")}
EVENTS = {ACKNOWLEDGED: (m.TaskAcknowledged, "cn.kashgar.assistance_task.acknowledged.v1"),
          COMPLETED: (m.TaskCompleted, "cn.kashgar.assistance_task.completed.v1")}


class TaskNotFound(LookupError):
    pass


class TaskStateConflict(ValueError):
    """The task is not in a state that allows this decision (e.g. completing a completed task)."""


@dataclass(frozen=True)
class Decision:
    """`status` is ACKNOWLEDGED or COMPLETED; `data` the status event's data."""

    department: str
    status: str
    at: datetime  # timezone-aware
    actor: str  # staff account
    data: m.TaskAcknowledgedData | m.TaskCompletedData

    @property
    def task_id(self) -> str:
        return self.data.task_id

    def detail(self) -> dict:
        """What the task's history records of the decision."""
        return {"note": self.data.note} if self.status == ACKNOWLEDGED else self.data.model_dump(mode="json")

    def check(self, current_status: str | None) -> None:
        """Raises TaskNotFound (no such task: None) or TaskStateConflict."""
        if current_status is None:
            raise TaskNotFound(self.task_id)
        if current_status not in ALLOWED_FROM[self.status]:
            raise TaskStateConflict(f"task is {current_status}; {self.status} needs one of "
                                    f"{', '.join(ALLOWED_FROM[self.status])}")

    def event(self, household_id: str) -> m.TaskAcknowledged | m.TaskCompleted:
        model, type_ = EVENTS[self.status]
        return model(id=str(uuid.uuid5(NAMESPACE, f"{self.task_id}|{self.status}")), source=source_of(self.department),
                     type=type_, time=self.at, subject=household_id, data=self.data)


def acknowledgement(department: str, task_id: str, by: str, note: str | None) -> Decision:
    data = m.TaskAcknowledgedData(task_id=task_id, department=department, acknowledged_by=by, note=note)
    return Decision(department, ACKNOWLEDGED, datetime.now(timezone.utc), by, data)


def completion(department: str, data: m.TaskCompletedData) -> Decision:
    return Decision(department, COMPLETED, datetime.now(timezone.utc), data.completed_by, data)


def status_message(event: m.TaskAcknowledged | m.TaskCompleted) -> OutboxMessage:
    """The status event for the department's events topic, keyed by household like the monitor's tasks."""
    return OutboxMessage(topics.events_topic(event.data.department), household_key(event.subject),
                         event.model_dump_json().encode())
