"""Prometheus metrics of the monitor (scraped at /metrics/ on MONITOR_HTTP_PORT)."""
from collections import Counter as Counts

from prometheus_client import Counter, Histogram

RECORD_OUTCOMES = ("linked", "unmatched", "dead_lettered", "duplicate", "task_status")
RECORDS = Counter("monitor_records_total", "department records consumed, by outcome", ["outcome"])
ALERTS = Counter("monitor_alerts_total", "alerts raised")
TASKS = Counter("monitor_tasks_total", "assistance tasks assigned")
BATCH = Histogram("monitor_batch_records", "records per processed batch", buckets=(1, 10, 100, 500, 1000, 2000, 5000))


def observe_batch(counts: Counts, records: int) -> None:
    for outcome in RECORD_OUTCOMES:
        RECORDS.labels(outcome).inc(counts.get(outcome, 0))
    ALERTS.inc(counts.get("alerts", 0))
    TASKS.inc(counts.get("tasks", 0))
    BATCH.observe(records)
