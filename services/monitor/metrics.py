"""Prometheus metrics of the monitor (scraped at MONITOR_METRICS_PORT)."""
from collections import Counter as Counts

from prometheus_client import Counter, Histogram

EVENTS = Counter("monitor_events_total", "department records processed, by outcome", ["outcome"])
BATCH = Histogram("monitor_batch_records", "records per processed batch", buckets=(1, 10, 100, 500, 1000, 2000, 5000))


def observe_batch(counts: Counts, records: int) -> None:
    for outcome, n in counts.items():
        EVENTS.labels(outcome).inc(n)
    BATCH.observe(records)
