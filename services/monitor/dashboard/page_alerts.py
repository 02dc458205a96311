"""Alert list with filters (county, colour, status, department); the rows are re-read by htmx when a filter changes."""
from fastapi import APIRouter, HTTPException, Request

from services.monitor.dashboard.ports import Pool, Reads
from services.monitor.dashboard.counties import codes_in
from services.monitor.dashboard.departments import task_departments
from services.monitor.dashboard.session import Scope, SignedIn
from services.monitor.dashboard.templating import render
from services.monitor.dashboard.texts import LEVELS, STATUSES

router = APIRouter()


def choice(value: str | None, allowed, what: str) -> str | None:
    """'' or None: no filter; one of `allowed`: that; anything else: 422 naming the filter."""
    if not value:
        return None
    if value not in allowed:
        raise HTTPException(422, f"unknown {what}")
    return value


async def _rows(pool, reads, scope: frozenset[str] | None, county: str | None, level: str | None,
                status: str | None, department: str | None) -> dict:
    """The alerts of the operator's counties (`scope`, None: all), filtered; a county outside them is a 422."""
    filters = {"county": choice(county, codes_in(scope), "county"), "level": choice(level, LEVELS, "colour"),
               "status": choice(status, STATUSES, "status"),
               "department": choice(department, task_departments(), "department")}
    async with pool.acquire() as conn:
        return {"alerts": await reads.list_alerts(conn, **filters, counties=scope), "filters": filters}


@router.get("/alerts")
async def alerts(request: Request, pool: Pool, reads: Reads, who: SignedIn, scope: Scope, county: str | None = None,
                 level: str | None = None, status: str | None = None, department: str | None = None):
    """The county choices are the operator's counties only."""
    return render(request, "alerts.html", operator=who, codes=codes_in(scope), levels=LEVELS, statuses=STATUSES,
                  departments=task_departments(), **await _rows(pool, reads, scope, county, level, status, department))


@router.get("/alerts/rows")
async def alert_rows(request: Request, pool: Pool, reads: Reads, who: SignedIn, scope: Scope,
                     county: str | None = None, level: str | None = None, status: str | None = None,
                     department: str | None = None):
    """The table body alone (htmx swaps it in)."""
    return render(request, "alert_rows.html", operator=who,
                  **await _rows(pool, reads, scope, county, level, status, department))
