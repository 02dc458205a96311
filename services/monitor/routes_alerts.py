"""HTTP: alerts and their lifecycle (services/monitor/transitions.py)."""
from datetime import datetime, timezone
from typing import Annotated, Literal

import structlog
from fastapi import HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.monitor import api_answers, db_alerts, lifecycle, transitions
from services.monitor.api_deps import CaseOfficer, Operator, Policy, Pool
from services.monitor.operator_scope import counties_of
from shared.contracts.types import Text

log = structlog.get_logger("services.monitor.api")
router = api_answers.operator_router()
AlertId = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]
# The lifecycle's statuses (lifecycle.TRANSITIONS): another value is a 422, not an empty list.
AlertStatus = Literal["raised", "verifying", "confirmed", "assisted", "risk_eliminated", "reopened", "dismissed",
                      "followed_up"]


class TransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: Literal["verifying", "confirmed", "dismissed", "assisted", "risk_eliminated", "followed_up", "reopened"]
    reason: Annotated[Text, Field(min_length=2, max_length=2000)]
    category: Literal["unstable_formerly_poor", "marginal", "sudden_hardship"] | None = None


@router.get("/v1/alerts")
async def alerts(request: Request, pool: Pool, who: Operator, status: AlertStatus | None = None,
                 level: Literal["red", "orange", "yellow"] | None = None,
                 county: str | None = Query(None, pattern=r"^[0-9]{6}$"),
                 limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict]:
    """Alerts, newest business time first. `level` is the colour raised with (the filter uses it);
    `current_level` the household's colour after task outcomes re-assessed it (null: unchanged). A
    county-scoped operator (OPERATOR_SCOPES) gets his counties' alerts only."""
    async with pool.acquire() as conn:
        return await db_alerts.list_alerts(conn, status, level, county, limit, offset,
                                           counties=counties_of(request, who))


@router.post("/v1/alerts/{alert_id}/transitions", responses={
    **api_answers.BAD_BODY, **api_answers.ACTS, **api_answers.not_found("alert"),
    **api_answers.conflict("the lifecycle does not allow this move now: the reasons, zh and en", api_answers.RefusedDetail)})
async def transition(request: Request, alert_id: AlertId, req: TransitionRequest, pool: Pool, policy: Policy,
                     who: CaseOfficer) -> dict:
    """Move an alert along its lifecycle; 409 with the reasons (zh/en) when not allowed now; 404 for
    no such alert or one outside the operator's counties (OPERATOR_SCOPES)."""
    try:
        async with pool.acquire() as conn, conn.transaction():
            came_from, follow_up = await transitions.transition(
                conn, alert_id=alert_id, to=req.to, reason=req.reason, category=req.category, actor=who,
                policy=policy, now=datetime.now(timezone.utc), counties=counties_of(request, who))
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    except lifecycle.TransitionRefused as exc:
        raise HTTPException(409, {"refused": [{"zh": zh, "en": en} for zh, en in exc.reasons]}) from None
    log.info("alert_transition", alert_id=alert_id, to=req.to, actor=who)
    return {"alert_id": alert_id, "from": came_from, "to": req.to, "follow_up_due": follow_up}
