"""Whether a service (the monitor or a department) can do its work now, for /readyz: its database
answers and its broker gives metadata. While either is away the service's loops wait and retry
(shared.retry) and /readyz answers 503 (with Retry-After) naming what is away; /health(z) only says
the process runs. Each check is bounded, so a frozen server makes the answer "away", not a hang."""
import asyncio
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer

CHECK_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class Readiness:
    pool: asyncpg.Pool
    producer: AIOKafkaProducer
    timeout_s: float = CHECK_TIMEOUT_S

    async def away(self) -> list[str]:
        """What does not answer within `timeout_s` seconds: "database", "broker" (empty: ready)."""
        database, broker = await asyncio.gather(self._answers(self._database()), self._answers(self._broker()))
        return [name for name, ok in (("database", database), ("broker", broker)) if not ok]

    async def _answers(self, check) -> bool:
        try:
            await asyncio.wait_for(check, self.timeout_s)
        except Exception:  # noqa: BLE001 - any failure of a probe means "not ready", never an error answer
            return False
        return True

    async def _database(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.fetchval("SELECT 1")

    async def _broker(self) -> None:
        await self.producer.client.fetch_all_metadata()  # raises KafkaError when no broker answers
