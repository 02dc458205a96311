"""A department service: HTTP API for department systems and staff, and the task subscriber.

One FastAPI app per department; the FastStream broker and the outbox relay live in its lifespan.
"""
import structlog
from fastapi import Depends, FastAPI

from shared.http_errors import install_error_handlers
from shared.kit.auth import DepartmentAuth
from shared.kit.department import Department
from shared.kit.http import events, tasks
from shared.kit.http.dependencies import Dependencies, get_department
from shared.kit.http.openapi import document_event_body
from shared.kit.http.strict_query import refuse_unknown_query
from shared.kit.service.lifespan import lifespan
from shared.settings import InfraSettings

log = structlog.get_logger(__name__)


async def health(dept: Department = Depends(get_department)) -> dict:
    return {"department": dept.code, "status": "ok"}


def build_app(dept: Department, settings: InfraSettings, api_keys: dict[str, str]) -> FastAPI:
    """Raises ValueError when `api_keys` has no key for `dept` (fail at start, not at the first call)."""
    app = FastAPI(title=f"{dept.name_zh} {dept.code} service", lifespan=lifespan(dept, settings),
                  dependencies=[Depends(refuse_unknown_query)])
    app.state.dependencies = Dependencies(dept, settings.partition_key_secret, DepartmentAuth(dept.code, api_keys))
    install_error_handlers(app, log)

    app.add_api_route("/health", health, methods=["GET"])
    app.include_router(events.router)
    document_event_body(app, dept)
    app.include_router(tasks.router)
    return app
