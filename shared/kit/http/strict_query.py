"""Strict query parameters: a misspelt one (`?stauts=open`) is refused, not ignored, since ignoring
it would answer a different question than the one asked."""
from fastapi import Request
from fastapi.exceptions import RequestValidationError


def refuse_unknown_query(request: Request) -> None:
    """An app-wide dependency; raises RequestValidationError (422) naming each unknown parameter."""
    route = request.scope.get("route")
    known = _query_names(route.dependant) if route is not None else set()
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        raise RequestValidationError([{"type": "extra_forbidden", "loc": ("query", name), "input": None,
                                       "msg": "unknown query parameter"} for name in unknown])


def _query_names(dependant) -> set[str]:
    return {p.alias for p in dependant.query_params}.union(*(_query_names(d) for d in dependant.dependencies))
