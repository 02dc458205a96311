"""What the handlers depend on, kept on `app.state.dependencies` by build_app (the store once the
lifespan has opened the pool); a test replaces any of them with FastAPI's dependency_overrides."""
from dataclasses import dataclass

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.kit.auth import DepartmentAuth
from shared.kit.department import Department
from shared.readiness import Readiness
from shared.kit.store.protocol import DepartmentStore

BEARER = HTTPBearer(auto_error=False, description="the department's API key")


@dataclass(frozen=True)
class Dependencies:
    department: Department
    key_secret: str  # of the messages' partition keys (shared.keys)
    auth: DepartmentAuth
    store: DepartmentStore | None = None  # None until the lifespan opens the pool
    readiness: Readiness | None = None  # None until the lifespan has started the pool and the producer


def get_dependencies(request: Request) -> Dependencies:
    return request.app.state.dependencies


def get_department(deps: Dependencies = Depends(get_dependencies)) -> Department:
    return deps.department


def get_store(deps: Dependencies = Depends(get_dependencies)) -> DepartmentStore:
    return deps.store


def authenticated(deps: Dependencies = Depends(get_dependencies),
                  credentials: HTTPAuthorizationCredentials | None = Depends(BEARER)) -> str:
    """The caller's department; raises HTTPException 401 (no or an unknown key) or 403 (another department's)."""
    return deps.auth.check(None if credentials is None else credentials.credentials)
