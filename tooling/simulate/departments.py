"""The simulator of each department of the catalog: `services/<code>/simulator.py` defines
`simulate(ctx, count)` (ctx: tooling.simulate.context.MonthContext). A department without one
has no simulator; self_report and the monitor have none.
"""
from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec
from random import Random

from shared.contracts.catalog import DEPARTMENTS, CatalogError, department
from shared.kit.department import Department
from tooling.simulate.context import MonthContext
from tooling.simulate.people import SimPerson

# (people, rng, month_start, count) -> `count` events (the department's contract models) of one month
Simulator = Callable[[list[SimPerson], Random, object, int], Iterator[object]]

#: Codes of the departments with a simulator.
SIMULATED: tuple[str, ...] = tuple(sorted(d.code for d in DEPARTMENTS if find_spec(f"services.{d.code}.simulator")))


def simulator_of(code: str) -> Simulator:
    """The simulator of department `code`. Raises LookupError when it has none."""
    if code not in SIMULATED:
        raise LookupError(f"no simulator for department {code!r}: one of {', '.join(SIMULATED)}")
    dept, simulate = department(code), import_module(f"services.{code}.simulator").simulate

    def run(people: list[SimPerson], rng: Random, month_start, count: int) -> Iterator[object]:
        return simulate(MonthContext(rng, people, month_start, dept.source), count)

    return run


def department_of(code: str) -> Department:
    """The DEPARTMENT declared by services/<code>/department.py. Raises LookupError for an unknown code."""
    try:
        return department(code)
    except CatalogError:
        raise LookupError(f"no department {code!r} (expected services/{code}/department.py)") from None
