"""Idempotent topic creation, used by the launcher and by each service at start."""
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int = 6) -> list[str]:
    """Create the topics that do not exist yet; returns the ones created. Replication factor 1
    suits the single local broker; production clusters create topics through their own tooling."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        if missing:
            try:
                await admin.create_topics([NewTopic(t, num_partitions=partitions, replication_factor=1) for t in missing])
            except TopicAlreadyExistsError:
                pass  # another service created it first
        return missing
    finally:
        await admin.close()
