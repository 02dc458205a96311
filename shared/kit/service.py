"""A department service: HTTP API for department systems and staff, and the task subscriber.

One FastAPI app per department; the FastStream broker and the outbox relay live in its lifespan.
"""
import asyncio
import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Literal

import asyncpg
import structlog
from fastapi import FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.responses import JSONResponse
from faststream import AckPolicy, Context
from faststream.kafka import KafkaBroker
from faststream.kafka.message import KafkaMessage
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared import topics
from shared.contracts import monitor as m
from shared.contracts.types import StaffAccount, Text, Yuan
from shared.db import apply_migrations, create_pool
from shared.deadletter import dead_letter
from shared.kafka_admin import ensure_topics
from shared.keys import person_key
from shared.kit import tasks
from shared.kit.department import Department
from shared.kit.ingest import validate_items

from shared.outbox import OutboxMessage, enqueue, idempotent_producer, run_relay
from shared.settings import InfraSettings

log = structlog.get_logger(__name__)
TRANSIENT_DB = (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError, asyncio.TimeoutError)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


MAX_BODY_BYTES = 8 * 1024 * 1024
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


def build_app(dept: Department, settings: InfraSettings) -> FastAPI:
    schema = dept.code
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
                await enqueue(conn, schema, [dead_letter(message.raw_message, reason[:1000], dept.source)])
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
        backoff = 0.2
        while True:
            try:
                async with state["pool"].acquire() as conn:
                    return await tasks.store_assigned(conn, schema, event)
            except TRANSIENT_DB as exc:
                log.warning("task_store_retry", error=type(exc).__name__, backoff_s=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10)
            except asyncpg.PostgresError as exc:
                async with state["pool"].acquire() as conn, conn.transaction():
                    await enqueue(conn, schema, [dead_letter(message.raw_message, f"task refused by the database: "
                                                             f"{type(exc).__name__}", dept.source)])
                log.error("task_dead_lettered", offset=message.raw_message.offset, error=type(exc).__name__)
                return None

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        state["pool"] = await create_pool(settings.database_url, max_size=5)
        async with state["pool"].acquire() as conn:
            await apply_migrations(conn, schema, MIGRATIONS)
        await ensure_topics(settings.kafka_bootstrap_servers,
                            [topics.events_topic(dept.code), topics.tasks_topic(dept.code)], settings.topic_partitions)
        producer = idempotent_producer(settings.kafka_bootstrap_servers)
        await producer.start()
        stop = asyncio.Event()
        relay = asyncio.create_task(run_relay(state["pool"], schema, producer, stop))
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

    app = FastAPI(title=f"{dept.name_zh} {dept.code} service", lifespan=lifespan)

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("http_internal_error", error=type(exc).__name__)  # masked, never the raw request
        return JSONResponse({"detail": "internal error; the request was not applied"}, status_code=500)

    @app.get("/health")
    async def health() -> dict:
        return {"department": dept.code, "status": "ok"}

    @app.post("/v1/events", status_code=202)
    async def post_events(request: Request):
        """One event or a list (at most 1,000). 202 with accepted IDs, or 422 with every item's errors
        and nothing published."""
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            return _refuse(f"body is {len(raw):,} bytes; at most {MAX_BODY_BYTES:,}", 413)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than any event has
            return _refuse("body is not valid JSON (or nested too deeply)")
        events, errors = validate_items(dept, body)
        if errors:
            return JSONResponse({"errors": errors}, status_code=422)
        messages = [OutboxMessage(topics.events_topic(dept.code),
                                  person_key(e.data.person.resident_id, settings.partition_key_secret),
                                  e.model_dump_json().encode()) for e in events]
        async with state["pool"].acquire() as conn, conn.transaction():
            await enqueue(conn, schema, messages)
        return {"accepted": [e.id for e in events]}

    @app.get("/v1/tasks")
    async def get_tasks(status: Literal["open", "acknowledged", "completed"] | None = None,
                        limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict]:
        """Tasks of this department by due date, a page at a time (`limit` ≤ 1,000, then `offset`)."""
        async with state["pool"].acquire() as conn:
            return await tasks.list_tasks(conn, schema, status, limit, offset)

    @app.post("/v1/tasks/{task_id}/acknowledge")
    async def acknowledge(task_id: TaskId, req: AcknowledgeRequest) -> dict:
        return await _decide(lambda conn: tasks.acknowledge(conn, schema, dept.code, task_id, req.acknowledged_by, req.note))

    @app.post("/v1/tasks/{task_id}/complete")
    async def complete(task_id: TaskId, req: CompleteRequest) -> dict:
        data = m.TaskCompletedData(task_id=task_id, department=dept.code, **req.model_dump())
        return await _decide(lambda conn: tasks.complete(conn, schema, dept.code, task_id, data))

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


def _refuse(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"errors": [{"index": None, "errors": [{"loc": [], "msg": message}]}]}, status)
