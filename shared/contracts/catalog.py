"""The catalog of event sources, discovered in one place: every services/<code>/department.py
that declares `DEPARTMENT` (a shared.kit.department.Department), plus 农户自主申报 self_report,
a source the monitor writes itself and never assigns tasks. Ports, topics, parsers, the demo,
the compose file and the AsyncAPI document all derive from it (DESIGN.md section 2).

One discriminated union per topic (DESIGN.md section 3), and a parser for each.
"""
import pkgutil
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from shared.contracts import monitor as m
from shared.contracts.declaration import (MONITOR_HTTP_PORT, RESERVED_CODES, SELF_REPORT, CatalogError,  # noqa: F401
                                          checked, is_declaration)
from shared.contracts.declaration import check_ports as _check_ports
from shared.contracts.self_report import HardshipSelfReported

TASK_STATUS = (m.TaskAcknowledged, m.TaskCompleted)


def _discover(package: str = "services") -> tuple:
    """Every Department declared by a <package>/<code>/department.py, in order of HTTP port.
    Raises CatalogError, naming the file, when one cannot be imported or declares a wrong code,
    port, value or event model (a type not named cn.kashgar.<code>.<event_name>.v<N>, a model
    without data.person), or when two share a port."""
    found = []
    for folder in pkgutil.iter_modules(find_spec(package).submodule_search_locations):
        where = f"{package}/{folder.name}/department.py"
        if folder.ispkg and _has_declaration(package, folder.name, where):
            found.append(checked(_declared(package, folder.name, where), folder.name, where))
    _check_ports(found)
    return tuple(sorted(found, key=lambda d: d.http_port))


def _has_declaration(package: str, folder: str, where: str) -> bool:
    try:
        return find_spec(f"{package}.{folder}.department") is not None
    except Exception as exc:  # the folder's __init__.py fails
        raise CatalogError(f"{where}: its folder cannot be imported: {type(exc).__name__}: {exc}") from exc


def _declared(package: str, folder: str, where: str):
    try:
        module = import_module(f"{package}.{folder}.department")
    except Exception as exc:  # a missing contracts module, a syntax error, a model that does not build
        raise CatalogError(f"{where} cannot be imported: {type(exc).__name__}: {exc}") from exc
    dept = getattr(module, "DEPARTMENT", None)
    if not is_declaration(dept):
        raise CatalogError(f"{where} must declare DEPARTMENT = Department(...) (shared.kit.department), "
                           f"found {type(dept).__name__}")
    return dept


DEPARTMENTS: tuple = _discover()
# source -> the events it publishes on <source>.events.v1 (besides task status).
DEPARTMENT_EVENTS: dict[str, tuple[type, ...]] = {
    **{d.code: d.event_models for d in DEPARTMENTS}, SELF_REPORT: (HardshipSelfReported,)}
# Sources that publish events but are never assigned tasks (no monitor.tasks.<x>.v1 topic).
NO_TASKS = frozenset({SELF_REPORT, *(d.code for d in DEPARTMENTS if not d.receives_tasks)})


def department(code: str):
    """The Department declared by services/<code>/department.py. Raises CatalogError for an unknown code."""
    found = next((d for d in DEPARTMENTS if d.code == code), None)
    if found is None:
        raise CatalogError(f"no department {code!r}: one of {', '.join(d.code for d in DEPARTMENTS)}")
    return found


def task_receivers() -> list[str]:
    return [d for d in DEPARTMENT_EVENTS if d not in NO_TASKS]


def event_types() -> dict[str, type]:
    """CloudEvents type name -> model, for every source's events."""
    return {mdl.model_fields["type"].annotation.__args__[0]: mdl
            for models in DEPARTMENT_EVENTS.values() for mdl in models}


def _union(models: tuple[type, ...]) -> TypeAdapter:
    if len(models) == 1:
        return TypeAdapter(models[0])
    return TypeAdapter(Annotated[Union[models], Field(discriminator="type")])


@cache
def department_topic_adapter(department: str) -> TypeAdapter:
    """Parser for everything on one department's events topic."""
    return _union(DEPARTMENT_EVENTS[department] + TASK_STATUS)


@cache
def any_department_event_adapter() -> TypeAdapter:
    """Parser for every known department event; the monitor uses it on all events topics."""
    models = tuple(m for ms in DEPARTMENT_EVENTS.values() for m in ms) + TASK_STATUS
    return _union(models)


def department_event_models(department: str) -> tuple[type, ...]:
    return DEPARTMENT_EVENTS[department]
