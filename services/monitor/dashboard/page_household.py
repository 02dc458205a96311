"""One household's page: members (full resident IDs, only here), factors with evidence, open tasks
(一户一策) and the whole timeline, from the API's own queries (MonitorReads.household_story)."""
from typing import Annotated

from fastapi import APIRouter, Path, Request

from services.monitor.dashboard.ports import Pool, Reads
from services.monitor.dashboard.session import SignedIn
from services.monitor.dashboard.templating import render

router = APIRouter()
HouseholdId = Annotated[str, Path(pattern=r"^[0-9]{16}$")]


@router.get("/households/{household_id}")
async def household(request: Request, household_id: HouseholdId, pool: Pool, reads: Reads, who: SignedIn):
    async with pool.acquire() as conn:
        story = await reads.household_story(conn, household_id)
    if story is None:
        return render(request, "not_found.html", operator=who, status_code=404)
    return render(request, "household.html", operator=who, **story)
