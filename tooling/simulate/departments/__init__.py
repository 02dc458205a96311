"""One simulator per department: `tooling/simulate/departments/<code>.py` defines
`simulate(people, rng, month_start, count)`, the department's events of one month.

Adding a department's simulator is one new module here; the service itself
(services/<code>/) knows nothing of it.
"""
import pkgutil
from collections.abc import Callable, Iterator
from importlib import import_module
from random import Random

from shared.kit.department import Department
from tooling.simulate.people import SimPerson

# (people, rng, month_start, count) -> `count` events (shared.contracts.departments models) of one department
Simulator = Callable[[list[SimPerson], Random, object, int], Iterator[object]]

#: Codes of the departments with a simulator here (one module each).
SIMULATED: tuple[str, ...] = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.ispkg))


def simulator_of(code: str) -> Simulator:
    """The simulator of department `code`. Raises LookupError when it has none."""
    if code not in SIMULATED:
        raise LookupError(f"no simulator for department {code!r}: one of {', '.join(SIMULATED)}")
    return import_module(f"{__name__}.{code}").simulate


def department_of(code: str) -> Department:
    """The DEPARTMENT declared by services/<code>/department.py. Raises LookupError for an unknown code."""
    if not code.isidentifier():
        raise LookupError(f"no department {code!r}")
    name = f"services.{code}.department"
    try:
        return import_module(name).DEPARTMENT
    except ModuleNotFoundError as exc:
        if exc.name not in (name, f"services.{code}"):
            raise
        raise LookupError(f"no department {code!r} (expected {name})") from None
