"""An in-memory department store for unit tests: the protocol of shared.kit.store.protocol, as
PostgresStore keeps it (a ledger of accepted events, the outbox, idempotency answers, tasks)."""
from shared.contracts import monitor as m
from shared.kit.store.ledger import Outgoing, first_of_each_id, reused_ids
from shared.kit.store.protocol import Answer, EventIdsConflict, IdempotencyKeyTaken
from shared.kit.tasks.decisions import Decision, status_message
from shared.outbox import OutboxMessage


class InMemoryStore:
    def __init__(self):
        self.published: dict[str, bytes] = {}  # event ID -> content SHA-256
        self.outbox: list[OutboxMessage] = []
        self.dead_letters: list[OutboxMessage] = []
        self.answers: dict[str, Answer] = {}
        self.tasks: dict[str, dict] = {}  # task ID -> row
        self.history: list[tuple[str, str, str]] = []  # (task ID, status, actor)

    async def remembered_answer(self, key: str) -> Answer | None:
        return self.answers.get(key)

    async def publish(self, items: list[Outgoing], via: str, key: str | None = None,
                      answer: Answer | None = None) -> set[str]:
        first, conflicts = first_of_each_id(items)
        conflicts |= reused_ids(first, self.published)
        if conflicts:
            raise EventIdsConflict(conflicts)
        if key is not None and key in self.answers:
            raise IdempotencyKeyTaken()
        new = [i for i in first if i not in self.published]
        self.published.update((i, first[i].sha256) for i in new)
        self.outbox += [first[i].message for i in new]
        if key is not None:
            self.answers[key] = answer
        return set(new)

    async def store_task(self, event: m.AssistanceTaskAssigned) -> bool:
        if event.data.task_id in self.tasks:
            return False
        self.tasks[event.data.task_id] = {"task_id": event.data.task_id, "household_id": event.data.household_id,
                                          "task_type": event.data.task_type, "due_date": event.data.due_date,
                                          "status": "open"}
        return True

    async def dead_letter(self, message: OutboxMessage) -> None:
        self.dead_letters.append(message)

    async def list_tasks(self, status: str | None, limit: int, offset: int) -> list[dict]:
        rows = sorted((t for t in self.tasks.values() if status is None or t["status"] == status),
                      key=lambda t: (t["due_date"], t["task_id"]))
        return [dict(t) for t in rows[offset:offset + limit]]

    async def decide(self, decision: Decision) -> m.TaskAcknowledged | m.TaskCompleted:
        task = self.tasks.get(decision.task_id)
        decision.check(None if task is None else task["status"])
        task["status"] = decision.status
        self.history.append((decision.task_id, decision.status, decision.actor))
        event = decision.event(task["household_id"])
        self.outbox.append(status_message(event))
        return event
