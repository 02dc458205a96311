"""The monitor's layers (services/monitor/__init__.py): entry points -> use cases -> persistence
-> domain, imports downwards only, and a domain without database, broker or web libraries.
Imports are read with `ast` (tests/unit/test_package_boundaries.py), lazy ones included."""
from pathlib import Path

import pytest

from services.monitor import LAYERS
from tests.unit.test_package_boundaries import REPO, imported_modules, module_name, package_of

pytestmark = pytest.mark.unit

MONITOR = REPO / "services" / "monitor"
ORDER = list(LAYERS)  # lowest first
IO_LIBRARIES = ("asyncpg", "aiokafka", "fastapi", "starlette", "uvicorn", "httpx", "faststream")
# The matcher's blocking path queries the registry through a connection handed to it by the
# persistence layer (store.PgStore.match); its decisions are pure. Owned by the matching package.
IO_EXEMPT = ("matching",)


def layer_of(unit: str) -> str:
    found = [name for name, units in LAYERS.items() if unit in units]
    assert len(found) == 1, f"services.monitor.{unit} must be in exactly one layer of LAYERS, is in {found}"
    return found[0]


def units() -> dict[str, list[Path]]:
    """Top-level module or subpackage of services.monitor -> its files."""
    out: dict[str, list[Path]] = {}
    for path in sorted(MONITOR.rglob("*.py")):
        rel = path.relative_to(MONITOR).parts
        if rel == ("__init__.py",):
            continue
        out.setdefault(rel[0].removesuffix(".py"), []).append(path)
    return out


def monitor_units_imported(source: str, package: str) -> set[str]:
    prefix = "services.monitor."
    return {m[len(prefix):].split(".")[0] for m in imported_modules(source, package) if m.startswith(prefix)}


def upward_imports(unit: str, source: str, package: str) -> list[str]:
    """Units of a higher layer than `unit`'s that `source` imports."""
    mine = ORDER.index(layer_of(unit))
    return sorted(u for u in monitor_units_imported(source, package) if u != unit and ORDER.index(layer_of(u)) > mine)


def io_imports(source: str, package: str) -> list[str]:
    return sorted(m for m in imported_modules(source, package) if m.split(".")[0] in IO_LIBRARIES)


def test_every_module_of_the_monitor_has_one_layer():
    for unit in units():
        layer_of(unit)
    assert set(units()) == {u for us in LAYERS.values() for u in us}, "LAYERS names a module that is gone"


def test_no_module_imports_a_higher_layer():
    offenders = {}
    for unit, paths in units().items():
        for path in paths:
            module = module_name(path)
            found = upward_imports(unit, path.read_text(encoding="utf-8"), package_of(module, path))
            if found:
                offenders[str(path.relative_to(REPO))] = found
    assert offenders == {}, f"upward imports: {offenders}"


def test_the_domain_imports_no_database_broker_or_web_library():
    offenders = {}
    for unit in LAYERS["domain"]:
        if unit in IO_EXEMPT:
            continue
        for path in units()[unit]:
            module = module_name(path)
            found = io_imports(path.read_text(encoding="utf-8"), package_of(module, path))
            if found:
                offenders[str(path.relative_to(REPO))] = found
    assert offenders == {}, f"I/O in the domain: {offenders}"


def test_persistence_runs_no_use_case():
    """The reviewer's finding (issue 9): the repository imported households, verification, outcomes,
    rules and policy and ran use cases. Persistence may use the domain's types, never a use case."""
    for unit in LAYERS["persistence"]:
        for path in units()[unit]:
            module = module_name(path)
            imported = monitor_units_imported(path.read_text(encoding="utf-8"), package_of(module, path))
            assert not imported & set(LAYERS["usecases"] + LAYERS["entry"]), path


@pytest.mark.parametrize("unit, source", [
    ("assessing", "from services.monitor import db_factors"),
    ("factor_state", "from services.monitor.batch import process_batch"),
    ("db_tasks", "from services.monitor.outcomes import reassess\nfrom services.monitor import task_status"),
    ("db_alerts", "def f():\n    from services.monitor.review import accept\n    return accept"),
    ("batch", "import services.monitor.api"),
    ("linking", "from . import store"),
    ("decode", "import importlib\nimportlib.import_module('services.monitor.consumer')"),
])
def test_the_check_sees_an_upward_import_however_it_is_written(unit, source):
    assert upward_imports(unit, source, "services.monitor")


@pytest.mark.parametrize("unit, source", [
    ("batch", "from services.monitor import db_factors, assessing\nfrom services.monitor.ports import BatchStore"),
    ("db_factors", "from services.monitor.factor_state import FactorRow"),
    ("api", "from services.monitor import routes_alerts, review, store, rules"),
    ("assessing", "from services.monitor.policy.model import Lowering\nimport services.monitorx"),
])
def test_the_check_lets_downward_and_sideways_imports_pass(unit, source):
    assert upward_imports(unit, source, "services.monitor") == []


@pytest.mark.parametrize("source", ["import asyncpg", "from aiokafka.structs import ConsumerRecord",
                                    "from fastapi import Depends", "def f():\n    import httpx"])
def test_the_io_check_sees_a_database_broker_or_web_import(source):
    assert io_imports(source, "services.monitor")
