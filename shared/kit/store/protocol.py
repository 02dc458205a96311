"""What the HTTP API and the task subscriber need of a department's store: the small protocol
that store.postgres.PostgresStore implements, and that a unit test fakes in memory."""
from dataclasses import dataclass
from typing import Protocol

from shared.contracts import monitor as m
from shared.kit.store.ledger import Outgoing
from shared.kit.tasks.decisions import Decision
from shared.outbox import OutboxMessage


class EventIdsConflict(Exception):
    """Event IDs accepted before (or earlier in the request) with other content; nothing was published."""

    def __init__(self, ids: set[str]):
        super().__init__(f"{len(ids)} event IDs used before for other content")
        self.ids = ids


class IdempotencyKeyTaken(Exception):
    """A concurrent request with the same Idempotency-Key committed first; nothing was published."""


@dataclass(frozen=True)
class Answer:
    """The first answer to an Idempotency-Key, with the SHA-256 of the request it answered: of its
    events in canonical form (shared.contracts.canonical); of its raw body for keys kept before that."""

    request_sha256: bytes
    body: dict


class DepartmentStore(Protocol):
    async def remembered_answer(self, key: str) -> Answer | None:
        """The answer given to `key` this week, if any."""

    async def publish(self, items: list[Outgoing], via: str, key: str | None = None,
                      answer: Answer | None = None) -> set[str]:
        """In one transaction: enqueue the events not accepted before, record them, and remember
        `answer` under `key`. Returns the new IDs; raises EventIdsConflict or IdempotencyKeyTaken
        (then nothing is kept)."""

    async def store_task(self, event: m.AssistanceTaskAssigned) -> bool:
        """Keep a task from the monitor; False when it was kept before (a redelivery)."""

    async def dead_letter(self, message: OutboxMessage) -> None:
        """Enqueue a dead-letter message (shared.deadletter) in the department's outbox."""

    async def list_tasks(self, status: str | None, limit: int, offset: int) -> list[dict]:
        """Tasks by due date, then task ID; one page."""

    async def decide(self, decision: Decision) -> m.TaskAcknowledged | m.TaskCompleted:
        """Apply the decision and enqueue its status event in one transaction; returns the event.
        Raises TaskNotFound or TaskStateConflict (Decision.check)."""
