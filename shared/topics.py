"""Kafka topic and consumer-group names (DESIGN.md section 3). Handlers use these, never literals.

TOPIC_PREFIX (environment, default empty; shared.settings.TopicSettings) namespaces every topic
and group, so test runs and demos can share one broker without reading each other's events. It
is read once, when this module is imported; an invalid one raises SettingsError naming it.
"""
import re

from shared.settings import TopicSettings, load

PREFIX = load(TopicSettings).topic_prefix

ALERTS = f"{PREFIX}monitor.alerts.v1"
UNMATCHED = f"{PREFIX}monitor.unmatched.v1"
DEADLETTER = f"{PREFIX}monitor.deadletter.v1"

# The monitor subscribes by pattern, so a new department's topic is consumed without
# editing the monitor (DESIGN.md section 2).
DEPARTMENT_EVENTS_PATTERN = rf"^{re.escape(PREFIX)}[a-z][a-z_]*\.events\.v1$"


def events_topic(department: str) -> str:
    """Topic a department writes: its events and the status of its tasks."""
    _check(department)
    return f"{PREFIX}{department}.events.v1"


def tasks_topic(department: str) -> str:
    """Topic a department reads: assistance tasks the monitor assigns to it."""
    _check(department)
    return f"{PREFIX}monitor.tasks.{department}.v1"


def group(name: str) -> str:
    """Consumer group id, namespaced like the topics."""
    return f"{PREFIX}{name}"


def department_of(topic: str) -> str | None:
    """`health_insurance` for `health_insurance.events.v1`; None for other topics."""
    if not re.match(DEPARTMENT_EVENTS_PATTERN, topic):
        return None
    return topic.removeprefix(PREFIX).removesuffix(".events.v1")


def _check(department: str) -> None:
    if not re.fullmatch(r"[a-z][a-z_]*", department):
        raise ValueError(f"department code must be lower_snake_case, got {department!r}")
