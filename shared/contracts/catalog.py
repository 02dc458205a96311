"""The catalog of event sources, discovered in one place: every services/<code>/department.py
that declares `DEPARTMENT` (a shared.kit.department.Department), plus 农户自主申报 self_report,
a source the monitor writes itself and never assigns tasks. Ports, topics, parsers, the demo,
the compose file and the AsyncAPI document all derive from it (DESIGN.md section 2).

One discriminated union per topic (DESIGN.md section 3), and a parser for each.
"""
import pkgutil
import re
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, TypeAdapter

from shared.contracts import monitor as m
from shared.contracts.self_report import HardshipSelfReported
from shared.contracts.types import CloudEvent, Person
from shared.kit.department import CatalogError, Department

TASK_STATUS = (m.TaskAcknowledged, m.TaskCompleted)
SELF_REPORT = "self_report"
MONITOR_HTTP_PORT = 8100  # the monitor's operator API and /metrics; no department may take it
# Names a department folder may not take: sources and task receivers the monitor itself stands for.
RESERVED_CODES = frozenset({SELF_REPORT, "monitor", "township"})  # township: services/monitor/verification.py
CODE = re.compile(r"[a-z][a-z_]*")  # as shared.topics checks a topic's department
EVENT_TYPE = re.compile(r"cn\.kashgar\.(?P<code>[a-z][a-z_]*)\.[a-z][a-z0-9_]*\.v[1-9][0-9]*")


def _discover(package: str = "services") -> tuple:
    """Every Department declared by a <package>/<code>/department.py, in order of HTTP port.
    Raises CatalogError, naming the file, when one cannot be imported or declares a wrong code,
    port, value or event model (a type not named cn.kashgar.<code>.<event_name>.v<N>, a model
    without data.person), or when two share a port."""
    found = []
    for folder in pkgutil.iter_modules(find_spec(package).submodule_search_locations):
        where = f"{package}/{folder.name}/department.py"
        if folder.ispkg and _has_declaration(package, folder.name, where):
            found.append(_checked(_declared(package, folder.name, where), folder.name, where))
    _check_ports(found)
    return tuple(sorted(found, key=lambda d: d.http_port))


def _has_declaration(package: str, folder: str, where: str) -> bool:
    try:
        return find_spec(f"{package}.{folder}.department") is not None
    except Exception as exc:  # the folder's __init__.py fails
        raise CatalogError(f"{where}: its folder cannot be imported: {type(exc).__name__}: {exc}") from exc


def _declared(package: str, folder: str, where: str) -> Department:
    try:
        module = import_module(f"{package}.{folder}.department")
    except Exception as exc:  # a missing contracts module, a syntax error, a model that does not build
        raise CatalogError(f"{where} cannot be imported: {type(exc).__name__}: {exc}") from exc
    dept = getattr(module, "DEPARTMENT", None)
    if not isinstance(dept, Department):
        raise CatalogError(f"{where} must declare DEPARTMENT = Department(...) (shared.kit.department), "
                           f"found {type(dept).__name__}")
    return dept


def _checked(dept: Department, folder: str, where: str) -> Department:
    if dept.code != folder:
        raise CatalogError(f"{where} declares code {dept.code!r}: a department's code is its folder's name")
    if not CODE.fullmatch(dept.code):
        raise CatalogError(f"{where}: code {dept.code!r} must be lower_snake_case letters (it names topics)")
    if dept.code in RESERVED_CODES:
        raise CatalogError(f"{where}: code {dept.code!r} is reserved for the monitor ({', '.join(sorted(RESERVED_CODES))})")
    problems = [p for p in (_value_problem(dept), *_model_problems(dept)) if p]
    if problems:
        raise CatalogError(f"{where}: " + "; ".join(problems))
    return dept


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value_problem(dept: Department) -> str | None:
    port = dept.http_port
    if not _is_int(port) or not 1 <= port <= 65535:
        return f"http_port must be a port number (1-65535), got {port!r}"
    if port == MONITOR_HTTP_PORT:
        return f"http_port {port} is the monitor's"
    if not isinstance(dept.name_zh, str) or not dept.name_zh.strip():
        return "name_zh must be the department's Chinese name"
    if not isinstance(dept.receives_tasks, bool):
        return f"receives_tasks must be True or False, got {dept.receives_tasks!r}"
    if not _is_int(dept.demo_events) or dept.demo_events < 0:
        return f"demo_events must be a whole number of events, 0 or more, got {dept.demo_events!r}"
    if not isinstance(dept.event_models, tuple):
        return f"event_models must be a tuple of event models, got {type(dept.event_models).__name__}"
    return None


def _model_problems(dept: Department) -> list[str]:
    if not isinstance(dept.event_models, tuple):
        return []
    problems = [_model_problem(dept.code, model) for model in dept.event_models]
    names = [_type_name(model) for model in dept.event_models if not _model_problem(dept.code, model)]
    problems += [f"event type {t} is declared twice" for t in sorted({t for t in names if names.count(t) > 1})]
    return problems


def _type_name(model) -> str | None:
    annotation = model.model_fields["type"].annotation
    args = get_args(annotation)
    return args[0] if get_origin(annotation) is Literal and len(args) == 1 and isinstance(args[0], str) else None


def _model_problem(code: str, model) -> str | None:
    """Why the monitor could not read `model` as an event of department `code`; None when it can."""
    if not (isinstance(model, type) and issubclass(model, CloudEvent)):
        return f"{getattr(model, '__name__', repr(model))} is not a CloudEvent model (shared.contracts.types)"
    name = model.__name__
    type_name = _type_name(model)
    if type_name is None:
        return f"{name}: its type must be one Literal name, e.g. type: Literal[\"cn.kashgar.{code}.<event_name>.v1\"]"
    match = EVENT_TYPE.fullmatch(type_name)
    if match is None or match["code"] != code:
        return f"{name} has type {type_name!r}: an event type is named cn.kashgar.{code}.<event_name>.v<N>"
    data = model.model_fields.get("data")
    if data is None or not (isinstance(data.annotation, type) and issubclass(data.annotation, BaseModel)):
        return f"{name} has no `data` model"
    person = data.annotation.model_fields.get("person")
    if person is None or person.annotation is not Person:
        return f"{name}: its data.person must be a Person (the monitor matches every event by it)"
    return None


def _check_ports(found: list) -> None:
    """Raises CatalogError naming the departments that share an HTTP port."""
    by_port: dict = {}
    for dept in found:
        by_port.setdefault(dept.http_port, []).append(dept.code)
    shared = [(port, codes) for port, codes in by_port.items() if len(codes) > 1]
    if shared:
        raise CatalogError("; ".join(f"{' and '.join(sorted(codes))} share an HTTP port: {port}" for port, codes in shared))


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
