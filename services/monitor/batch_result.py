"""What processing a batch did, for the consumer's metrics and log lines."""
from collections import Counter
from dataclasses import dataclass, field

from shared.contracts import monitor as m


@dataclass
class BatchResult:
    # Per record exactly one of linked, unmatched, dead_lettered, duplicate, task_status; plus alerts, tasks,
    # and per unmatched record one held_<kind> (services/monitor/held.py).
    counts: Counter = field(default_factory=Counter)
    alerts: list[m.AlertRaisedData] = field(default_factory=list)

    def add(self, other: "BatchResult") -> None:
        self.counts.update(other.counts)
        self.alerts += other.alerts
