"""Review queue (人工核对): each held event beside its registry candidates, field by field, the
differing fields marked; accept (link to one candidate) or reject, each with a reason, through the
review use case the API's /v1/review calls (MonitorActions.accept_review / reject_review)."""
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request

from services.monitor.dashboard import flash
from services.monitor.dashboard.ports import ActionRefused, Actions, Pool, Reads
from services.monitor.dashboard.session import Scope, SignedIn
from services.monitor.dashboard.templating import render

router = APIRouter()
HERE = "/dashboard/review"
REASON_CHARS = (2, 2000)  # as the API's ReviewAccept/ReviewReject reason
EventId = Annotated[str, Path(max_length=100)]
Reason = Annotated[str, Form(max_length=REASON_CHARS[1])]


def reason_given(reason: str) -> bool:
    """A decision's reason is long enough (REASON_CHARS) once stripped."""
    return REASON_CHARS[0] <= len(reason.strip()) <= REASON_CHARS[1]


@router.get("/review")
async def review_page(request: Request, pool: Pool, reads: Reads, who: SignedIn, scope: Scope):
    """A county-scoped operator sees the held events with a candidate in his counties, those candidates only."""
    async with pool.acquire() as conn:
        items = await reads.review_queue(conn, counties=scope)
    return flash.forget(render(request, "review.html", operator=who, items=items,
                               flash=flash.taken(request)))


@router.post("/review/{event_id}/accept")
async def accept(request: Request, event_id: EventId, actions: Actions, who: SignedIn, scope: Scope,
                 resident_id: Annotated[str, Form(max_length=40)] = "", reason: Reason = ""):
    """Link the held event to the picked candidate; 303 back to the queue with what happened."""
    if not resident_id:
        return flash.redirect_with(HERE, "error", "pick_candidate")
    if not reason_given(reason):
        return flash.redirect_with(HERE, "error", "reason_required")
    try:
        done = await actions.accept_review(request.app.state, event_id, resident_id, who, reason.strip(), scope)
    except ActionRefused as exc:
        return flash.redirect_with(HERE, "error", "refused", str(exc))
    return flash.redirect_with(HERE, "ok", "accepted", f"{event_id} → {resident_id} · {done['alerts']} / {done['tasks']}")


@router.post("/review/{event_id}/reject")
async def reject(request: Request, event_id: EventId, actions: Actions, who: SignedIn, scope: Scope,
                 reason: Reason = ""):
    if not reason_given(reason):
        return flash.redirect_with(HERE, "error", "reason_required")
    try:
        await actions.reject_review(request.app.state, event_id, who, reason.strip(), scope)
    except ActionRefused as exc:
        return flash.redirect_with(HERE, "error", "refused", str(exc))
    return flash.redirect_with(HERE, "ok", "rejected", event_id)
