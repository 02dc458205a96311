"""Prometheus metrics of the monitor (scraped at /metrics/ on MONITOR_HTTP_PORT)."""
from collections import Counter as Counts

from prometheus_client import Counter, Histogram

from services.monitor.held import HELD_KINDS

RECORD_OUTCOMES = ("linked", "unmatched", "dead_lettered", "duplicate", "task_status")
RECORDS = Counter("monitor_records_total", "department records consumed, by outcome", ["outcome"])
HELD = Counter("monitor_held_total", "records held as unmatched, by kind: review (candidates for an operator), "
               "outside_region (an ID from outside the policy's region), not_in_registry", ["kind"])
ALERTS = Counter("monitor_alerts_total", "alerts raised")
TASKS = Counter("monitor_tasks_total", "assistance tasks assigned")
SCHEDULER_ROUNDS = Counter("monitor_scheduler_rounds_total", "rounds of the scheduler's passes run (overdue, follow-up, retention)")
BATCH = Histogram("monitor_batch_records", "records per processed batch", buckets=(1, 10, 100, 500, 1000, 2000, 5000))


def observe_batch(counts: Counts, records: int) -> None:
    for outcome in RECORD_OUTCOMES:
        RECORDS.labels(outcome).inc(counts.get(outcome, 0))
    for kind in HELD_KINDS:
        HELD.labels(kind).inc(counts.get(f"held_{kind}", 0))
    ALERTS.inc(counts.get("alerts", 0))
    TASKS.inc(counts.get("tasks", 0))
    BATCH.observe(records)
