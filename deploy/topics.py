"""Create every topic of the system (DESIGN.md section 3): `python -m deploy.topics`."""
import asyncio

from shared import topics
from shared.contracts.catalog import DEPARTMENT_EVENTS, task_receivers
from shared.kafka_admin import ensure_topics
from shared.settings import KafkaSettings, load_or_exit


def all_topics() -> list[str]:
    names = [topics.ALERTS, topics.UNMATCHED, topics.DEADLETTER]
    names += [topics.events_topic(d) for d in DEPARTMENT_EVENTS]
    names += [topics.tasks_topic(d) for d in task_receivers()]
    return names


async def create_all(bootstrap: str, partitions: int) -> list[str]:
    return await ensure_topics(bootstrap, all_topics(), partitions)


if __name__ == "__main__":
    kafka = load_or_exit(KafkaSettings, "topic creation")
    created = asyncio.run(create_all(kafka.kafka_bootstrap_servers, kafka.topic_partitions))
    print(f"topics created: {len(created)}")
