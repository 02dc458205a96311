"""POST /v1/events: department systems send events over HTTP instead of Kafka.

One event or a list; every item validated by the contracts; 202 with the accepted IDs or 422
with each bad item's errors and nothing published. An event ID already accepted with the same
content is accepted again without a second publication; with other content it is refused.
An Idempotency-Key makes a retried request return the first answer (IETF httpapi draft
"The Idempotency-Key HTTP Header Field": the same key with another body is a 422).
"""
import hashlib
import json
import re
from typing import Annotated, Union

import structlog
from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, TypeAdapter

from shared.kit import store
from shared.kit.department import Department
from shared.kit.http_common import STAFF_RESPONSES
from shared.kit.ingest import validate_items

log = structlog.get_logger(__name__)
MAX_BODY_BYTES = 8 * 1024 * 1024
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")


class Accepted(BaseModel):
    accepted: list[str] = Field(description="IDs of the accepted events, in request order; each is published once "
                                            "however often it is posted")


class ItemError(BaseModel):
    loc: list[str | int] = Field(description="where in the item (or header) the problem is")
    msg: str


class ItemErrors(BaseModel):
    index: int | None = Field(description="position of the item in the posted list; null for the request as a whole")
    errors: list[ItemError]


class Refused(BaseModel):
    errors: list[ItemErrors]


def refuse(message: str, status: int = 422, loc: list | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"index": None, "errors": [{"loc": loc or [], "msg": message}]}]}, status)


class _Conflicts(Exception):
    pass


class _KeyTaken(Exception):
    pass


def events_router(dept: Department, state: dict, key_secret: str, authenticated) -> APIRouter:
    router = APIRouter()

    @router.post("/v1/events", status_code=202, response_model=Accepted, responses={
        **STAFF_RESPONSES,
        400: {"model": Refused, "description": "malformed Idempotency-Key"},
        413: {"model": Refused, "description": "body over 8 MiB"},
        422: {"model": Refused, "description": "bad items (nothing published), or an Idempotency-Key reused "
                                               "with another body"}})
    async def post_events(request: Request, _department: str = Depends(authenticated),
                          idempotency_key: Annotated[str | None, Header(
                              alias="Idempotency-Key", description="1-255 visible ASCII characters, e.g. a UUID; "
                              "a retry with the same key and body gets the first answer",
                              # documented here, checked in the handler so that a bad key gets our error format
                              json_schema_extra={"pattern": IDEMPOTENCY_KEY.pattern, "minLength": 1,
                                                 "maxLength": 255})] = None):
        """One event or a list (at most 1,000) of this department's events."""
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            return refuse(f"body is {len(raw):,} bytes; at most {MAX_BODY_BYTES:,}", 413)
        request_sha = hashlib.sha256(raw).digest()
        if idempotency_key is not None:
            if not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
                return refuse("Idempotency-Key must be 1-255 visible ASCII characters", 400,
                              ["header", "Idempotency-Key"])
            async with state["pool"].acquire() as conn:
                if (found := await store.remembered_answer(conn, idempotency_key)) is not None:
                    return _replay(found, request_sha)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than any event has
            return refuse("body is not valid JSON (or nested too deeply)")
        events, errors = validate_items(dept, body)
        if errors:
            return JSONResponse({"errors": errors}, status_code=422)
        answer = {"accepted": [e.id for e in events]}
        try:
            async with state["pool"].acquire() as conn, conn.transaction():
                new, conflicts = await store.publish(conn, [store.outgoing(dept.code, e, key_secret)
                                                                    for e in events], via="http")
                if conflicts:
                    raise _Conflicts(conflicts)
                if idempotency_key is not None and not await store.remember_answer(
                        conn, idempotency_key, request_sha, answer):
                    raise _KeyTaken()
        except _Conflicts as exc:
            return JSONResponse({"errors": [
                {"index": i, "errors": [{"loc": ["id"], "msg": "this event id was already used for other content; "
                                                               "a different event needs a new id"}]}
                for i, e in enumerate(events) if e.id in exc.args[0]]}, status_code=422)
        except _KeyTaken:  # a concurrent request with the same key committed first
            async with state["pool"].acquire() as conn:
                return _replay(await store.remembered_answer(conn, idempotency_key), request_sha)
        log.info("events_accepted", events=len(events), new=len(new))
        return answer

    return router


def _replay(found: tuple[bytes, dict], request_sha: bytes) -> JSONResponse:
    first_sha, answer = found
    if first_sha != request_sha:
        return refuse("this Idempotency-Key was used for a request with another body", 422,
                      ["header", "Idempotency-Key"])
    return JSONResponse(answer, 202, headers={"Idempotent-Replayed": "true"})


def document_event_body(app: FastAPI, dept: Department) -> None:
    """The handler reads the body itself (to report every item's errors), so FastAPI cannot see
    its schema: put the contracts' JSON schema into the OpenAPI document by hand."""
    models = dept.event_models
    one = models[0] if len(models) == 1 else Annotated[Union[models], Field(discriminator="type")]
    body = TypeAdapter(Union[one, Annotated[list[one], Field(min_length=1, max_length=1000)]]).json_schema(
        ref_template="#/components/schemas/{model}")
    definitions = body.pop("$defs", {})
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = generate()
            document.setdefault("components", {}).setdefault("schemas", {}).update(definitions)
            document["paths"]["/v1/events"]["post"]["requestBody"] = {
                "required": True, "content": {"application/json": {"schema": body}}}
        return app.openapi_schema

    app.openapi = openapi
