"""A department service: HTTP API for department systems and staff, and the task consumer.

One FastAPI app per department; the FastStream broker and the outbox relay live in its lifespan.
"""
import structlog
from fastapi import Depends, FastAPI
from prometheus_client import make_asgi_app

from shared.http_errors import install_error_handlers
from shared.kit.auth import DepartmentAuth
from shared.kit.department import Department
from shared.kit.http import events, tasks
from shared.kit.http.credentials_first import CredentialsFirst
from shared.kit.http.dependencies import Dependencies, get_department, get_dependencies
from shared.kit.http.openapi import document_event_body
from shared.kit.http.strict_query import refuse_unknown_query
from shared.kit.http.unavailable import install_unavailable_answer, unavailable
from shared.kit.service.lifespan import lifespan
from shared.settings import InfraSettings

log = structlog.get_logger(__name__)


async def health(dept: Department = Depends(get_department)) -> dict:
    """The process runs (liveness); whether it can work now is /readyz."""
    return {"department": dept.code, "status": "ok"}


async def ready(deps: Dependencies = Depends(get_dependencies)):
    """200 {"status": "ready"}, or 503 + Retry-After {"status": "not_ready", "away": [...]} while
    the database or the broker is away (or the service is still starting)."""
    away = ["starting"] if deps.readiness is None else await deps.readiness.away()
    if away:
        return unavailable({"department": deps.department.code, "status": "not_ready", "away": away})
    return {"department": deps.department.code, "status": "ready"}


def department_key(app: FastAPI, token: str | None) -> str:
    """CredentialsFirst's check: the department's own API key (DepartmentAuth.check: 401, 403)."""
    return app.state.dependencies.auth.check(token)


def build_app(dept: Department, settings: InfraSettings, api_keys: dict[str, str]) -> FastAPI:
    """Raises ValueError when `api_keys` has no key for `dept` (fail at start, not at the first call)."""
    app = FastAPI(title=f"{dept.name_zh} {dept.code} service", lifespan=lifespan(dept, settings),
                  dependencies=[Depends(refuse_unknown_query)])
    app.state.dependencies = Dependencies(dept, settings.partition_key_secret, DepartmentAuth(dept.code, api_keys))
    app.mount("/metrics", make_asgi_app())  # its outbox backlog (shared.metrics) and the process's own
    app.add_middleware(CredentialsFirst, check=department_key)  # 401/403 before a body is read
    install_unavailable_answer(app, log)  # first: inside the catch-all 500 of install_error_handlers
    install_error_handlers(app, log)

    app.add_api_route("/health", health, methods=["GET"])
    app.add_api_route("/healthz", health, methods=["GET"])
    app.add_api_route("/readyz", ready, methods=["GET"], responses={
        503: {"description": "not ready: `away` names the database, the broker or `starting` (header Retry-After)"}})
    app.include_router(events.router)
    document_event_body(app, dept)
    app.include_router(tasks.router)
    return app
