"""The re-drive's Resender (services/monitor/redrive.py) on a Kafka producer: used by the dead-letter
command (deadletters) with its own producer and by the dashboard's re-drive (dashboard_actions)
with the monitor's (api.build_api `producer`). One instance per re-drive: it keeps that re-drive's
pending sends."""
import asyncio


class KafkaResender:
    """The use case's Resender on an idempotent producer (acks=all, shared.outbox.idempotent_producer)."""

    def __init__(self, producer):
        self.producer, self.pending = producer, []

    async def existing(self, topics: set[str]) -> set[str]:
        return topics & (await self.producer.client.fetch_all_metadata()).topics()

    async def resend(self, topic: str, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]]) -> None:
        self.pending.append(await self.producer.send(topic, value=value, key=key, headers=headers or None))

    async def flush(self) -> None:
        pending, self.pending = self.pending, []
        await asyncio.gather(*pending)
