"""What every department endpoint shares: the error body of FastAPI's HTTPException, the
documented refusals, and strict query parameters."""
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel


class Detail(BaseModel):
    detail: str


STAFF_RESPONSES = {401: {"model": Detail, "description": "no API key, or an unknown one"},
                   403: {"model": Detail, "description": "the API key of another department"}}
DECISION_RESPONSES = {**STAFF_RESPONSES,
                      400: {"model": Detail, "description": "the body is not JSON"},
                      404: {"model": Detail, "description": "no such task for this department"},
                      409: {"model": Detail, "description": "the task's status does not allow this decision"}}


def refuse_unknown_query(request: Request) -> None:
    """A misspelt query parameter (`?stauts=open`) is refused, not ignored: ignoring it would
    answer a different question than the one asked."""
    route = request.scope.get("route")
    known = _query_names(route.dependant) if route is not None else set()
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        raise RequestValidationError([{"type": "extra_forbidden", "loc": ("query", name), "input": None,
                                       "msg": "unknown query parameter"} for name in unknown])


def _query_names(dependant) -> set[str]:
    return {p.alias for p in dependant.query_params}.union(*(_query_names(d) for d in dependant.dependencies))
