"""Kafka topic names (DESIGN.md section 3). Handlers use these, never string literals."""
import re

ALERTS = "monitor.alerts.v1"
UNMATCHED = "monitor.unmatched.v1"
DEADLETTER = "monitor.deadletter.v1"

# The monitor subscribes by pattern, so a new department's topic is consumed without
# editing the monitor (DESIGN.md section 2).
DEPARTMENT_EVENTS_PATTERN = r"^[a-z][a-z_]*\.events\.v1$"


def events_topic(department: str) -> str:
    """Topic a department writes: its events and the status of its tasks."""
    _check(department)
    return f"{department}.events.v1"


def tasks_topic(department: str) -> str:
    """Topic a department reads: assistance tasks the monitor assigns to it."""
    _check(department)
    return f"monitor.tasks.{department}.v1"


def department_of(topic: str) -> str | None:
    """`health_insurance` for `health_insurance.events.v1`; None for other topics."""
    return topic.removesuffix(".events.v1") if re.match(DEPARTMENT_EVENTS_PATTERN, topic) else None


def _check(department: str) -> None:
    if not re.fullmatch(r"[a-z][a-z_]*", department):
        raise ValueError(f"department code must be lower_snake_case, got {department!r}")
