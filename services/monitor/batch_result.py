"""What processing a batch did, for the consumer's metrics and log lines."""
from collections import Counter
from dataclasses import dataclass, field

from services.monitor.dead_letter_kinds import reason_kind
from shared.contracts import monitor as m
from shared.outbox import OutboxMessage


@dataclass
class BatchResult:
    # Per record exactly one of linked, unmatched, dead_lettered, duplicate, task_status; plus alerts, tasks,
    # and per unmatched record one held_<kind> (services/monitor/held.py).
    counts: Counter = field(default_factory=Counter)
    alerts: list[m.AlertRaisedData] = field(default_factory=list)
    # (department, CloudEvents type) of every record read that decoded; (department or "", "") for one that did not
    events: Counter = field(default_factory=Counter)
    dead_letters: Counter = field(default_factory=Counter)  # dead_letter_kinds.KINDS -> records
    messages: Counter = field(default_factory=Counter)  # topic -> outbox messages written

    def add(self, other: "BatchResult") -> None:
        self.counts.update(other.counts)
        self.alerts += other.alerts
        self.events.update(other.events)
        self.dead_letters.update(other.dead_letters)
        self.messages.update(other.messages)

    def dead_lettered(self, reasons: list[str]) -> None:
        """Count records dead-lettered with these reasons."""
        self.counts["dead_lettered"] += len(reasons)
        self.dead_letters.update(map(reason_kind, reasons))

    def emitted(self, messages: list[OutboxMessage]) -> None:
        self.messages.update(msg.topic for msg in messages)
