"""The department's subscription to its task topic: every message to tasks.receive."""
from faststream import AckPolicy, Context
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage

from shared import topics
from shared.kit.department import Department
from shared.kit.service.receive_task import receive_task
from shared.kit.store.protocol import DepartmentStore


def subscribe_tasks(broker: KafkaBroker, dept: Department, store: DepartmentStore) -> None:
    """Register `on_task_assigned` on `dept`'s task topic (before the broker starts)."""

    @broker.subscriber(topics.tasks_topic(dept.code), group_id=topics.group(f"{dept.code}-tasks"),
                       ack_policy=AckPolicy.ACK, auto_offset_reset="earliest")
    async def on_task_assigned(message: KafkaMessage = Context("message")) -> None:
        await receive_task(store, dept, message.raw_message)
