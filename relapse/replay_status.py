"""`replay`: how far the monitor has read the department topics (deploy/demo's replay goes there):
records on them, records its consumer group has committed, what is left."""
from dataclasses import dataclass

from services.monitor.consumer import GROUP_ID
from shared import topics
from shared.kafka_lag import PartitionLag, consumer_lag


@dataclass(frozen=True)
class ReplayProgress:
    """Over every department topic the monitor group committed on: `total` records, `done` read, per-topic lag."""
    total: int
    done: int
    lag_by_topic: dict[str, int]

    @property
    def left(self) -> int:
        return self.total - self.done


def progress_of(rows: list[PartitionLag]) -> ReplayProgress:
    """Pure: the department topics' rows summed (other topics of the group left out)."""
    dept = [r for r in rows if topics.department_of(r.topic)]
    by_topic: dict[str, int] = {}
    for r in dept:
        by_topic[r.topic] = by_topic.get(r.topic, 0) + r.lag
    total = sum(r.end for r in dept)
    return ReplayProgress(total, total - sum(r.lag for r in dept), by_topic)


async def replay_progress(bootstrap: str) -> ReplayProgress:
    """Raises KafkaError/OSError when the broker does not answer."""
    return progress_of(await consumer_lag(bootstrap, [topics.group(GROUP_ID)]))
