"""HTTP: the review queue of held events (services/monitor/review.py)."""
from typing import Annotated

import structlog
from fastapi import HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.monitor import api_answers, db_unmatched, review
from services.monitor.api_deps import CaseOfficer, Operator, Policy, Pool
from services.monitor.operator_scope import counties_of
from shared.contracts.types import Text
from shared.resident_id import InvalidResidentId

log = structlog.get_logger("services.monitor.api")
router = api_answers.operator_router()
EventId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,100}$")]
Reason = Annotated[Text, Field(min_length=2, max_length=2000)]
# How a refusal of the review use case answers.
STATUS = ((InvalidResidentId, 422), (LookupError, 404), (review.ReviewConflict, 409))
DECIDED = {**api_answers.BAD_BODY, **api_answers.ACTS, **api_answers.not_found("held event, or no such registry person"),
           **api_answers.conflict("the held event was already decided")}
REFUSED = tuple(kind for kind, _ in STATUS)  # the use case's refusals (also the dashboard's, dashboard_actions)


class ReviewAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resident_id: Annotated[Text, Field(max_length=40, description="the registry person to link to")]
    reason: Reason


class ReviewReject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


def _refused(exc: Exception) -> HTTPException:
    return HTTPException(next(code for kind, code in STATUS if isinstance(exc, kind)), str(exc))


@router.get("/v1/review")
async def review_queue(request: Request, pool: Pool, who: Operator, limit: int = Query(100, ge=1, le=1000),
                       offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict]:
    """Held events (unmatched, or in the matcher's review band) with their best candidates; a
    county-scoped operator (OPERATOR_SCOPES) gets the events with a candidate in his counties, and
    those candidates only."""
    async with pool.acquire() as conn:
        return await db_unmatched.list_open(conn, limit, offset, counties_of(request, who))


@router.post("/v1/review/{event_id}/accept", responses=DECIDED)
async def review_accept(request: Request, event_id: EventId, req: ReviewAccept, pool: Pool, policy: Policy,
                        who: CaseOfficer) -> dict:
    """Link the held event to a registry person; its effect is applied exactly once."""
    try:
        async with pool.acquire() as conn, conn.transaction():
            result = await review.accept(conn, event_id, req.resident_id, who, req.reason, policy,
                                         counties_of(request, who))
    except REFUSED as exc:
        raise _refused(exc) from None
    log.info("review_accepted", event_id=event_id, actor=who, alerts=result.counts["alerts"])
    return {"event_id": event_id, "alerts": result.counts["alerts"], "tasks": result.counts["tasks"]}


@router.post("/v1/review/{event_id}/reject", responses=DECIDED)
async def review_reject(request: Request, event_id: EventId, req: ReviewReject, pool: Pool, who: CaseOfficer) -> dict:
    try:
        async with pool.acquire() as conn, conn.transaction():
            await review.reject(conn, event_id, who, req.reason, counties_of(request, who))
    except REFUSED as exc:
        raise _refused(exc) from None
    return {"event_id": event_id, "status": "rejected"}
