"""HTTP: one household's timeline and plan (一户一策); a county-scoped operator (OPERATOR_SCOPES) gets
404 for another county's household."""
from typing import Annotated

from fastapi import HTTPException, Path, Request

from services.monitor import api_answers, db_factors, db_registry, db_tasks, db_timeline
from services.monitor.api_deps import Operator, Pool
from services.monitor.operator_scope import counties_of

router = api_answers.operator_router()
HouseholdId = Annotated[str, Path(pattern=r"^[0-9]{16}$", description="户编号: village code + 4-digit sequence")]


async def _known(conn, household_id: str, counties: frozenset[str] | None) -> None:
    """404 for no such household or one outside the operator's `counties` (as if absent)."""
    if not await db_registry.household_exists(conn, household_id, counties=counties):
        raise HTTPException(404, "no such household")


@router.get("/v1/households/{household_id}/timeline", responses=api_answers.not_found("household"))
async def household_timeline(request: Request, household_id: HouseholdId, pool: Pool, who: Operator) -> dict:
    """Every event, alert, task (assigned, acknowledged, completed, overdue), re-assessment,
    decision and follow-up review for one household in business-time order, with the evidence
    event IDs, and its current factors. Which time each kind uses: db_timeline.TIMELINE."""
    async with pool.acquire() as conn:
        await _known(conn, household_id, counties_of(request, who))
        return {"household_id": household_id, "factors": await db_factors.factors_of(conn, household_id),
                "timeline": await db_timeline.timeline(conn, household_id)}


@router.get("/v1/households/{household_id}/plan", responses=api_answers.not_found("household"))
async def household_plan(request: Request, household_id: HouseholdId, pool: Pool, who: Operator) -> dict:
    """一户一策: the household's open measures, soonest due first: the departments' tasks and the
    cadres' verification visits (department `township`)."""
    async with pool.acquire() as conn:
        await _known(conn, household_id, counties_of(request, who))
        return {"household_id": household_id, "open_measures": await db_tasks.household_plan(conn, household_id)}
