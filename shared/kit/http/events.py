"""POST /v1/events: department systems send events over HTTP instead of Kafka (http.posting)."""
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request

from shared.kit.http.dependencies import Dependencies, authenticated, get_dependencies, get_store
from shared.kit.http.event_answers import Accepted, Refused
from shared.kit.http.posting import IDEMPOTENCY_KEY, accept_events
from shared.kit.http.responses import STAFF_RESPONSES
from shared.kit.store.protocol import DepartmentStore

router = APIRouter()
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", description="1-255 visible ASCII characters, e.g. a UUID; "
    "a retry with the same key and body gets the first answer",
    # documented here, checked in the handler so that a bad key gets our error format
    json_schema_extra={"pattern": IDEMPOTENCY_KEY.pattern, "minLength": 1, "maxLength": 255})]


@router.post("/v1/events", status_code=202, response_model=Accepted, responses={
    **STAFF_RESPONSES,
    400: {"model": Refused, "description": "malformed Idempotency-Key"},
    413: {"model": Refused, "description": "body over 8 MiB"},
    422: {"model": Refused, "description": "bad items (nothing published), or an Idempotency-Key reused "
                                           "with another body"}})
async def post_events(request: Request, _department: str = Depends(authenticated),
                      deps: Dependencies = Depends(get_dependencies), store: DepartmentStore = Depends(get_store),
                      idempotency_key: IdempotencyKey = None):
    """One event or a list (at most 1,000) of this department's events."""
    return await accept_events(store, deps.department, deps.key_secret, await request.body(), idempotency_key)
