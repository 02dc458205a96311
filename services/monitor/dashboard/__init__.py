"""The operators' dashboard (一张图): server-rendered pages under /dashboard/, Chinese by default
with an English switch (?lang=en, kept in a cookie), signed in with an operator token kept in an
HttpOnly cookie. One module per page (page_*.py, templates/<page>.html); the queries are the monitor's (ports.py).
Vendored htmx and ECharts (deploy/vendor_assets.py) are served from /dashboard/static/."""
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from services.monitor.dashboard import page_alerts, page_household, page_live, page_overview, page_signin, session
from services.monitor.dashboard import page_system
from services.monitor.dashboard import page_dead_letters, page_review
from services.monitor.dashboard.ports import MonitorActions, MonitorReads

PREFIX = "/dashboard"
STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI, reads: MonitorReads, actions: MonitorActions) -> None:
    """Mount the dashboard's pages at /dashboard/ and its static files at /dashboard/static/;
    `reads`: the monitor's queries (ports.MonitorReads), `actions`: its use cases behind the pages'
    forms (ports.MonitorActions); the pool is app.state.pool."""
    app.state.dashboard_reads, app.state.dashboard_actions = reads, actions
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    for page in (page_signin, page_overview, page_live, page_alerts, page_household, page_review, page_dead_letters, page_system):
        router.include_router(page.router)
    app.include_router(router)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="dashboard-static")
    session.install_redirect(app)
