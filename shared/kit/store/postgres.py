"""The department store on PostgreSQL (store.protocol.DepartmentStore): each call one
transaction on the department's pool (shared.db.create_pool with its schema)."""
import asyncpg

from shared.contracts import monitor as m
from shared.kit.store import idempotency_keys, ledger, tasks
from shared.kit.store.protocol import Answer, EventIdsConflict, IdempotencyKeyTaken
from shared.kit.tasks.decisions import Decision, status_message
from shared.outbox import OutboxMessage, enqueue


class PostgresStore:
    def __init__(self, pool: asyncpg.Pool):
        self.pool = pool

    async def remembered_answer(self, key: str) -> Answer | None:
        async with self.pool.acquire() as conn:
            found = await idempotency_keys.remembered_answer(conn, key)
        return None if found is None else Answer(*found)

    async def publish(self, items: list[ledger.Outgoing], via: str, key: str | None = None,
                      answer: Answer | None = None) -> set[str]:
        async with self.pool.acquire() as conn, conn.transaction():
            new, conflicts = await ledger.publish(conn, items, via)
            if conflicts:
                raise EventIdsConflict(conflicts)
            if key is not None and not await idempotency_keys.remember_answer(conn, key, answer.request_sha256,
                                                                               answer.body):
                raise IdempotencyKeyTaken()
        return new

    async def store_task(self, event: m.AssistanceTaskAssigned) -> bool:
        async with self.pool.acquire() as conn:
            return await tasks.store_assigned(conn, event)

    async def dead_letter(self, message: OutboxMessage) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await enqueue(conn, None, [message])

    async def list_tasks(self, status: str | None, limit: int, offset: int) -> list[dict]:
        async with self.pool.acquire() as conn:
            return await tasks.list_tasks(conn, status, limit, offset)

    async def decide(self, decision: Decision) -> m.TaskAcknowledged | m.TaskCompleted:
        async with self.pool.acquire() as conn, conn.transaction():
            event = decision.event(await tasks.transition(conn, decision))
            await enqueue(conn, None, [status_message(event)])
        return event
