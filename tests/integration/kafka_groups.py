"""A consumer group's committed offset set by hand, for tests that read lag."""
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import OffsetAndMetadata, TopicPartition
from shared.kafka_security import client_options


async def commit_offset(bootstrap: str, group: str, topic: str, partition: int, offset: int) -> None:
    """Commit `offset` (the next record the group would read) for `group` on one partition."""
    consumer = AIOKafkaConsumer(**client_options(bootstrap), group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, partition)])
        await consumer.commit({TopicPartition(topic, partition): OffsetAndMetadata(offset, "")})
    finally:
        await consumer.stop()
