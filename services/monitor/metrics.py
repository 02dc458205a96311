"""Prometheus metrics of the monitor (scraped at /metrics/ on MONITOR_HTTP_PORT), counted here in the
entry layer from what a batch did (batch_result.BatchResult); the gauges of the outbox backlog and of
consumer lag are shared.metrics', sampled by `python -m services.monitor`."""
from prometheus_client import Counter, Histogram

from services.monitor.batch_result import BatchResult
from services.monitor.held import HELD_KINDS
from shared import topics

RECORD_OUTCOMES = ("linked", "unmatched", "dead_lettered", "duplicate", "task_status")
RECORDS = Counter("monitor_records_total", "department records consumed, by outcome", ["outcome"])
HELD = Counter("monitor_held_total", "records held as unmatched, by kind: review (candidates for an operator), "
               "outside_region (an ID from outside the policy's region), not_in_registry", ["kind"])
ALERTS = Counter("monitor_alerts_total", "alerts raised")
TASKS = Counter("monitor_tasks_total", "assistance tasks assigned")
SCHEDULER_ROUNDS = Counter("monitor_scheduler_rounds_total", "rounds of the scheduler's passes run (overdue, follow-up, retention)")
BATCH = Histogram("monitor_batch_records", "records per processed batch", buckets=(1, 10, 100, 500, 1000, 2000, 5000))
BATCH_SECONDS = Histogram("monitor_batch_seconds", "seconds to process one polled batch (its transaction, "
                          "retries and isolation included)", buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
EVENTS = Counter("monitor_events_consumed_total", "department records read, by department and CloudEvents type "
                 "(type empty: the record did not decode)", ["department", "type"])
MESSAGES = Counter("monitor_messages_emitted_total", "outbox messages written while processing batches, by kind "
                   "(alert, task, unmatched, dead_letter, other) and, for tasks, the department", ["kind", "department"])
DEAD_LETTERS = Counter("monitor_dead_letters_total", "records dead-lettered, by kind of reason "
                       "(services/monitor/dead_letter_kinds.py)", ["reason"])


def message_kind(topic: str) -> tuple[str, str]:
    """(kind, department) of an outbox message's topic: a task's department, else ''."""
    fixed = {topics.ALERTS: "alert", topics.UNMATCHED: "unmatched", topics.DEADLETTER: "dead_letter"}
    if topic in fixed:
        return fixed[topic], ""
    middle = topic.removeprefix(f"{topics.PREFIX}monitor.tasks.")
    if middle != topic and middle.endswith(".v1"):
        return "task", middle.removesuffix(".v1")
    return "other", ""


def observe_batch(result: BatchResult, records: int, seconds: float) -> None:
    """Count what one polled batch of `records` did in `seconds`."""
    for outcome in RECORD_OUTCOMES:
        RECORDS.labels(outcome).inc(result.counts.get(outcome, 0))
    for kind in HELD_KINDS:
        HELD.labels(kind).inc(result.counts.get(f"held_{kind}", 0))
    ALERTS.inc(result.counts.get("alerts", 0))
    TASKS.inc(result.counts.get("tasks", 0))
    for (department, event_type), n in result.events.items():
        EVENTS.labels(department, event_type).inc(n)
    for topic, n in result.messages.items():
        MESSAGES.labels(*message_kind(topic)).inc(n)
    for reason, n in result.dead_letters.items():
        DEAD_LETTERS.labels(reason).inc(n)
    BATCH.observe(records)
    BATCH_SECONDS.observe(seconds)
