"""Latency from a department's publish to the alert on monitor.alerts.v1: each alert is matched to
the latest-sent event among its factors' evidence (the one that raised it)."""
import asyncio
import json
import math
import time

from aiokafka import AIOKafkaConsumer

from shared.kafka_security import client_options


class AlertClock:
    """Reads an alerts topic from its end while events are published; `sent_at` is the publisher's callback."""

    def __init__(self, bootstrap: str, alerts_topic: str):
        self.consumer = AIOKafkaConsumer(alerts_topic, **client_options(bootstrap), group_id=None,
                                         auto_offset_reset="latest", enable_auto_commit=False)
        self.sent: dict[str, float] = {}
        self.latencies_ms: list[float] = []
        self._task: asyncio.Task | None = None

    def sent_at(self, event_id: str, at: float) -> None:
        self.sent[event_id] = at

    async def start(self) -> None:
        await self.consumer.start()
        await self.consumer.seek_to_end()
        for tp in self.consumer.assignment():
            await self.consumer.position(tp)  # fixes the start before anything is published
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            for records in (await self.consumer.getmany(timeout_ms=200)).values():
                now = time.time()
                for r in records:
                    self._observe(json.loads(r.value), now)

    def _observe(self, alert: dict, now: float) -> None:
        if not alert.get("type", "").endswith("alert_raised.v1"):
            return  # escalations and other alert-topic messages: only raised alerts are timed
        evidence = [e for f in alert["data"].get("factors", []) for e in f.get("evidence_event_ids", [])]
        sent = [self.sent[e] for e in evidence if e in self.sent]
        if sent:
            self.latencies_ms.append((now - max(sent)) * 1000)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.consumer.stop()


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile `p` (0-100) of `values`; nan for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]
