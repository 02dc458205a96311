"""One household's page: members (full resident IDs, only here), factors with evidence, open tasks
(一户一策) and the whole timeline, from the API's own queries (db_timeline, db_factors, db_tasks)."""
from typing import Annotated

from fastapi import APIRouter, Path, Request

from services.monitor import db_dashboard, db_factors, db_tasks, db_timeline
from services.monitor.api_deps import Pool
from services.monitor.dashboard.session import SignedIn
from services.monitor.dashboard.templating import render

router = APIRouter()
HouseholdId = Annotated[str, Path(pattern=r"^[0-9]{16}$")]


@router.get("/households/{household_id}")
async def household(request: Request, household_id: HouseholdId, pool: Pool, who: SignedIn):
    async with pool.acquire() as conn:
        found = await db_dashboard.household(conn, household_id)
        if found is None:
            return render(request, "not_found.html", operator=who, status_code=404)
        return render(request, "household.html", operator=who, household=found,
                      members=await db_dashboard.members(conn, household_id),
                      factors=await db_factors.factors_of(conn, household_id),
                      plan=await db_tasks.household_plan(conn, household_id),
                      timeline=await db_timeline.timeline(conn, household_id))
