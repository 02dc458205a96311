"""One household's page: members (full resident IDs, only here), its cases (alerts) with the lifecycle
moves each may take now (verify, confirm, dismiss, assist, eliminate, follow up, reopen), factors with
evidence, open tasks (一户一策) and the whole timeline, from the API's own queries
(MonitorReads.household_story); a move is the API's own transition (MonitorActions.move_alert)."""
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse

from services.monitor.dashboard.i18n import lang_of
from services.monitor.dashboard.ports import ActionRefused, Actions, Pool, Reads
from services.monitor.dashboard.session import Scope, SignedIn
from services.monitor.dashboard.templating import render
from services.monitor.dashboard.texts import STATUSES

router = APIRouter()
HouseholdId = Annotated[str, Path(pattern=r"^[0-9]{16}$")]
AlertId = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]
Status = Annotated[str, Form(max_length=40)]


async def _page(request: Request, pool, reads, who: str, scope: frozenset[str] | None, household_id: str, *,
                status_code: int = 200, **context):
    """The household page; not_found.html (404) for no such household or one outside `scope`."""
    async with pool.acquire() as conn:
        story = await reads.household_story(conn, household_id, counties=scope)
    if story is None:
        return render(request, "not_found.html", operator=who, status_code=404)
    rules = reads.factor_rules(request.app.state.policy)
    return render(request, "household.html", operator=who, status_code=status_code, rules=rules, **story, **context)


@router.get("/households/{household_id}", name="dashboard_household")
async def household(request: Request, household_id: HouseholdId, pool: Pool, reads: Reads, who: SignedIn,
                    scope: Scope, moved: str | None = None):
    """`moved`: the status a case was just moved to (shown once after the redirect); 404 for another county's household."""
    return await _page(request, pool, reads, who, scope, household_id, moved=moved if moved in STATUSES else None)


@router.post("/households/{household_id}/alerts/{alert_id}/transition")
async def move(request: Request, household_id: HouseholdId, alert_id: AlertId, pool: Pool, reads: Reads,
               actions: Actions, who: SignedIn, scope: Scope, to: Status,
               reason: Annotated[str, Form(max_length=2000)] = "", category: Status = ""):
    """303 back to the household page when the move is made; the page again with the refusal's reasons
    (409) when the lifecycle or the form rules refuse it."""
    try:
        moved_household = await actions.move_alert(request.app.state, alert_id=alert_id, to=to, reason=reason.strip(),
                                 category=category or None, actor=who, counties=scope)
    except ActionRefused as exc:
        return await _page(request, pool, reads, who, scope, household_id, status_code=409,
                           refused={"alert_id": alert_id, "to": to, "why": exc.text(lang_of(request))})
    target = request.app.url_path_for("dashboard_household", household_id=moved_household)
    return RedirectResponse(f"{target}?moved={to}", status_code=303)
