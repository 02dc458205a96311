"""What a department folder may declare (services/<code>/department.py), checked when the catalog
discovers it: a code that is its folder's lower_snake_case name and not one the monitor stands for, a
port of its own, values of their kinds, and event models the monitor can read (a CloudEvent whose
type is cn.kashgar.<code>.<event_name>.v<N>, with data.person). Naming: DESIGN.md section 3.

`checked(dept, folder, where)` returns `dept` or raises CatalogError naming `where` and every problem;
`catalog_or_exit(service)` is how an entry point discovers the catalog (exit status 2 when it is not valid).
This module imports no department and not the kit (shared.kit imports the contracts, not the reverse).
"""
import re
import sys
from dataclasses import fields, is_dataclass
from importlib import import_module
from types import ModuleType
from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from shared.contracts.types import CloudEvent, Person

MONITOR_HTTP_PORT = 8100  # the monitor's operator API and /metrics; no department may take it
# Names a department folder may not take: sources and task receivers the monitor itself stands for.
SELF_REPORT = "self_report"
RESERVED_CODES = frozenset({SELF_REPORT, "monitor", "township"})  # township: services/monitor/verification.py
CODE = re.compile(r"[a-z][a-z_]*")  # as shared.topics checks a topic's department
DECLARED = frozenset({"code", "name_zh", "http_port", "event_models", "receives_tasks", "demo_events"})
EVENT_TYPE = re.compile(r"cn\.kashgar\.(?P<code>[a-z][a-z_]*)\.[a-z][a-z0-9_]*\.v[1-9][0-9]*")


class CatalogError(LookupError):
    """A department folder declares something inconsistent (code, port, events), or a code is unknown."""


def catalog_or_exit(service: str) -> ModuleType:
    """shared.contracts.catalog, its folders discovered and checked; for an entry point: on
    CatalogError print what is wrong to stderr (no traceback) and exit with status 2, before any
    port, pool or consumer opens."""
    try:
        return import_module("shared.contracts.catalog")
    except CatalogError as exc:
        print(f"the {service} does not start: the catalog of departments is not valid:\n  {exc}", file=sys.stderr)
        sys.exit(2)


def is_declaration(value) -> bool:
    """True for a shared.kit.department.Department (recognised by its fields: the kit imports us)."""
    return is_dataclass(value) and not isinstance(value, type) and DECLARED <= {f.name for f in fields(value)}


def checked(dept, folder: str, where: str):
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


def _value_problem(dept) -> str | None:
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


def _model_problems(dept) -> list[str]:
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


def check_ports(found: list) -> None:
    """Raises CatalogError naming the departments that share an HTTP port."""
    by_port: dict = {}
    for dept in found:
        by_port.setdefault(dept.http_port, []).append(dept.code)
    shared = [(port, codes) for port, codes in by_port.items() if len(codes) > 1]
    if shared:
        raise CatalogError("; ".join(f"{' and '.join(sorted(codes))} share an HTTP port: {port}" for port, codes in shared))
