"""A department service: HTTP API for department systems and staff, and the task subscriber.

One FastAPI app per department; the FastStream broker and the outbox relay live in its lifespan.
"""
import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import asyncpg
import structlog
from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query
from faststream import AckPolicy, Context
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared import topics
from shared.contracts import monitor as m
from shared.contracts.types import StaffAccount, Text, Yuan
from shared.db import create_pool
from shared.deadletter import dead_letter
from shared.http_errors import install_error_handlers
from shared.kafka_admin import ensure_topics
from shared.kit import store, tasks
from shared.kit.auth import DepartmentAuth
from shared.kit.department import Department
from shared.kit.events_api import document_event_body, events_router
from shared.kit.http_common import DECISION_RESPONSES, STAFF_RESPONSES, refuse_unknown_query
from shared.outbox import enqueue, idempotent_producer, run_relay
from shared.retry import Backoff, retry
from shared.settings import InfraSettings

log = structlog.get_logger(__name__)
# A database outage is waited out for as long as it lasts (the partition waits with it).
TASK_STORE_BACKOFF = Backoff(first_s=0.2, cap_s=10)
TaskId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_.:-]{1,100}$", description="task ID as assigned by the monitor")]


class AcknowledgeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    acknowledged_by: StaffAccount = Field(description="staff account")
    note: Text | None = Field(default=None, max_length=2000)


class CompleteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    completed_by: StaffAccount
    outcome: m.TaskCompletedData.model_fields["outcome"].annotation
    measures: m.TaskCompletedData.model_fields["measures"].annotation = Field(default_factory=list, max_length=50)
    amount_yuan: Yuan | None = None


def build_app(dept: Department, settings: InfraSettings, api_keys: dict[str, str]) -> FastAPI:
    """Raises ValueError when `api_keys` has no key for `dept` (fail at start, not at the first call)."""
    authenticated = DepartmentAuth(dept.code, api_keys).dependency()
    # FastStream's own log lines go through the root handler, so they are masked and JSON too.
    broker = KafkaBroker(settings.kafka_bootstrap_servers, client_id=f"{dept.code}-service",
                         logger=logging.getLogger(f"faststream.{dept.code}"))
    state: dict = {}

    @broker.subscriber(topics.tasks_topic(dept.code), group_id=topics.group(f"{dept.code}-tasks"), ack_policy=AckPolicy.ACK,
                       auto_offset_reset="earliest")
    async def on_task_assigned(message: KafkaMessage = Context("message")) -> None:
        # Raw bytes, validated here: FastStream would JSON-decode and fail before our handler runs.
        try:
            event = m.AssistanceTaskAssigned.model_validate_json(message.body)
            if event.data.department != dept.code:
                raise ValueError(f"task for {event.data.department} on {dept.code}'s task topic")
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            reason = f"invalid task: {exc.errors(include_url=False, include_input=False)[:3]}" \
                if isinstance(exc, ValidationError) else str(exc)
            async with state["pool"].acquire() as conn, conn.transaction():
                await enqueue(conn, None, [dead_letter(message.raw_message, reason[:1000], dept.source)])
            log.error("task_dead_lettered", offset=message.raw_message.offset)
            return
        new = await _store_task(event, message)
        if new is None:
            return
        log.info("task_received", task_id=event.data.task_id, household_id=event.data.household_id,
                 task_type=event.data.task_type, new=new)

    async def _store_task(event: m.AssistanceTaskAssigned, message: KafkaMessage) -> bool | None:
        """Store the task; a database outage is waited out (the partition waits with it) because
        FastStream's ACK policy commits after the handler; a task the database refuses is
        dead-lettered. None when dead-lettered."""
        async def store() -> bool:
            async with state["pool"].acquire() as conn:
                return await tasks.store_assigned(conn, event)

        try:
            return await retry(store, what="task store", backoff=TASK_STORE_BACKOFF, log_event="task_store_retry")
        except (asyncpg.PostgresError, asyncpg.DataError) as exc:  # not transient: refused, not away
            async with state["pool"].acquire() as conn, conn.transaction():
                await enqueue(conn, None, [dead_letter(message.raw_message, f"task refused by the database: "
                                                 f"{type(exc).__name__}", dept.source)])
            log.error("task_dead_lettered", offset=message.raw_message.offset, error=type(exc).__name__)
            return None

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        state["pool"] = await create_pool(settings.database_url, dept.code, max_size=5)
        async with state["pool"].acquire() as conn:
            await store.migrate(conn, dept.code)
        await ensure_topics(settings.kafka_bootstrap_servers,
                            [topics.events_topic(dept.code), topics.tasks_topic(dept.code)], settings.topic_partitions)
        producer = idempotent_producer(settings.kafka_bootstrap_servers)
        await producer.start()
        stop = asyncio.Event()
        relay = asyncio.create_task(run_relay(state["pool"], dept.code, producer, stop))
        await broker.start()
        log.info("department_started", department=dept.code)
        try:
            yield
        finally:
            await broker.stop()
            stop.set()
            await relay
            await producer.stop()
            await state["pool"].close()

    app = FastAPI(title=f"{dept.name_zh} {dept.code} service", lifespan=lifespan,
                  dependencies=[Depends(refuse_unknown_query)])

    install_error_handlers(app, log)

    @app.get("/health")
    async def health() -> dict:
        return {"department": dept.code, "status": "ok"}

    app.include_router(events_router(dept, state, settings.partition_key_secret, authenticated))
    document_event_body(app, dept)
    staff = {"dependencies": [Depends(authenticated)], "responses": STAFF_RESPONSES}
    decision = {"dependencies": [Depends(authenticated)], "responses": DECISION_RESPONSES}

    @app.get("/v1/tasks", **staff)
    async def get_tasks(status: Literal["open", "acknowledged", "completed"] | None = None,
                        limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict]:
        """Tasks of this department by due date, a page at a time (`limit` ≤ 1,000, then `offset`)."""
        async with state["pool"].acquire() as conn:
            return await tasks.list_tasks(conn, status, limit, offset)

    @app.post("/v1/tasks/{task_id}/acknowledge", **decision)
    async def acknowledge(task_id: TaskId, req: AcknowledgeRequest) -> dict:
        return await _decide(lambda conn: tasks.acknowledge(conn, dept.code, task_id, req.acknowledged_by, req.note))

    @app.post("/v1/tasks/{task_id}/complete", **decision)
    async def complete(task_id: TaskId, req: CompleteRequest) -> dict:
        data = m.TaskCompletedData(task_id=task_id, department=dept.code, **req.model_dump())
        return await _decide(lambda conn: tasks.complete(conn, dept.code, task_id, data))

    async def _decide(action) -> dict:
        try:
            async with state["pool"].acquire() as conn, conn.transaction():
                event = await action(conn)
        except tasks.TaskNotFound:
            raise HTTPException(404, "no such task for this department") from None
        except tasks.TaskStateConflict as exc:
            raise HTTPException(409, str(exc)) from None
        log.info("task_decided", task_id=event.data.task_id, status_event=event.type)
        return {"status_event_id": event.id, "type": event.type}

    app.state.broker = broker
    return app

