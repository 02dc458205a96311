"""Overview (一张图): the county board of the last 30 days' alerts, new alerts per day, households
under monitoring, tasks open and overdue by department."""
from fastapi import APIRouter, Request

from services.monitor.dashboard.ports import Pool, Reads
from services.monitor.dashboard.counties import codes_in
from services.monitor.dashboard.session import Scope, SignedIn
from services.monitor.dashboard.templating import render
from services.monitor.dashboard.texts import LEVELS

router = APIRouter()


def worst_level(counts: dict[str, int]) -> str:
    """The county cell's colour: the worst level with any alert, 'green' when none."""
    return next((level for level in LEVELS if counts.get(level)), "green")


@router.get("/")
async def overview(request: Request, pool: Pool, reads: Reads, who: SignedIn, scope: Scope):
    """The board shows the operator's counties only (all 12 when prefecture-wide); every figure counts them alone."""
    async with pool.acquire() as conn:
        by_county = await reads.alerts_by_county(conn, counties=scope)
        per_day = await reads.alerts_per_day(conn, counties=scope)
        monitored = await reads.households_monitored(conn, counties=scope)
        tasks = await reads.tasks_by_department(conn, counties=scope)
    board = [{"code": code, "counts": by_county.get(code, {}), "colour": worst_level(by_county.get(code, {})),
              "total": sum(by_county.get(code, {}).values())} for code in codes_in(scope)]
    return render(request, "overview.html", operator=who, board=board, levels=LEVELS, monitored=monitored,
                  tasks=tasks, days=[d for d, _ in per_day], counts=[n for _, n in per_day])
