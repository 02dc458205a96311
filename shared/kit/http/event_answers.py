"""The bodies POST /v1/events answers with: accepted IDs, or refusals per item (index) or for the
request as a whole (index null)."""
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shared.kit.store.protocol import Answer


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
    """A refusal of the request as a whole."""
    return JSONResponse({"errors": [{"index": None, "errors": [{"loc": loc or [], "msg": message}]}]}, status)


def refuse_reused_ids(events: list, ids: set[str]) -> JSONResponse:
    """422 naming each item whose event ID was accepted before (or earlier in the list) with other content."""
    return JSONResponse({"errors": [
        {"index": i, "errors": [{"loc": ["id"], "msg": "this event id was already used for other content; "
                                                       "a different event needs a new id"}]}
        for i, e in enumerate(events) if e.id in ids]}, status_code=422)


def key_reused() -> JSONResponse:
    """422: the Idempotency-Key came before with another body."""
    return refuse("this Idempotency-Key was used for a request with another body", 422, ["header", "Idempotency-Key"])


def replay(first: Answer, *request_sha256: bytes) -> JSONResponse:
    """The first answer to an Idempotency-Key when its kept digest is one of `request_sha256`
    (this request's), or 422 when the key came with another body."""
    if first.request_sha256 not in request_sha256:
        return key_reused()
    return JSONResponse(first.body, 202, headers={"Idempotent-Replayed": "true"})
