"""The catalog of departments (shared/contracts/catalog.py): discovered from services/*/department.py,
and everything that lists departments derives from it (ports, topics, demo counts, API keys)."""
from dataclasses import replace

import pytest

from deploy.demo.replay import demo_counts
from deploy.local import services
from deploy.topics import all_topics
from shared import topics
from shared.contracts import catalog
from shared.contracts.catalog import DEPARTMENTS, NO_TASKS, CatalogError, department, task_receivers
from tooling.simulate.departments import SIMULATED

pytestmark = pytest.mark.unit


def test_every_department_folder_is_discovered_once_in_port_order():
    codes = [d.code for d in DEPARTMENTS]
    assert {"civil_affairs", "health_insurance", "education", "employment", "housing"} <= set(codes)
    assert len(set(codes)) == len(codes)
    assert [d.http_port for d in DEPARTMENTS] == sorted(d.http_port for d in DEPARTMENTS)


def test_each_declaration_names_its_own_events():
    for dept in DEPARTMENTS:
        assert dept.event_models, dept.code
        assert all(m.__module__ == f"services.{dept.code}.contracts" for m in dept.event_models), dept.code


@pytest.mark.parametrize("code", ["water", "", "monitor", "self_report", "HOUSING", "../housing"])
def test_an_unknown_code_is_refused_by_name(code):
    with pytest.raises(CatalogError, match="no department"):
        department(code)


def test_self_report_is_a_source_without_tasks():
    assert "self_report" in catalog.DEPARTMENT_EVENTS and "self_report" in NO_TASKS
    assert "self_report" not in task_receivers() and "self_report" not in services.DEPARTMENTS


def test_local_ports_are_the_declared_ones():
    assert services.DEPARTMENTS == {d.code: d.http_port for d in DEPARTMENTS}


def test_topics_cover_every_department():
    names = set(all_topics())
    for dept in DEPARTMENTS:
        assert topics.events_topic(dept.code) in names
        assert (topics.tasks_topic(dept.code) in names) == dept.receives_tasks


def test_the_demo_replays_every_simulated_department_at_its_declared_volume():
    assert set(SIMULATED) == {d.code for d in DEPARTMENTS}
    assert demo_counts(1.0) == {d.code: d.demo_events for d in DEPARTMENTS}
    assert all(n >= 1 for n in demo_counts(0.00001).values())


def test_two_departments_on_one_port_are_refused(monkeypatch):
    clash = replace(DEPARTMENTS[0], code=DEPARTMENTS[1].code)
    with pytest.raises(CatalogError):
        catalog._check_ports([clash, *DEPARTMENTS])


@pytest.mark.parametrize("code", [d.code for d in DEPARTMENTS])
def test_a_simulator_imports_only_shared_and_its_own_department(code):
    from pathlib import Path

    from tests.unit.test_package_boundaries import imported_modules

    path = Path(__file__).resolve().parents[2] / "services" / code / "simulator.py"
    ours = {m for m in imported_modules(path.read_text(encoding="utf-8"), f"services.{code}")
            if m.split(".")[0] in ("services", "shared", "tooling", "deploy", "tests", "benchmarks")}
    assert ours and all(m.startswith(("shared", f"services.{code}")) for m in ours), ours


def _folders(root, package: str, declared: dict[str, tuple[str, int]]) -> None:
    (root / package).mkdir()
    (root / package / "__init__.py").write_text("")
    for folder, (code, port) in declared.items():
        (root / package / folder).mkdir()
        (root / package / folder / "__init__.py").write_text("")
        (root / package / folder / "department.py").write_text(
            "from shared.kit.department import Department\n"
            f"DEPARTMENT = Department(code={code!r}, name_zh='测试局', http_port={port}, event_models=())\n")
    (root / package / "notes").mkdir()  # a folder without department.py is not a department


@pytest.mark.parametrize("declared, why", [
    ({"forestry": ("forest", 9001)}, "declares code 'forest'"),
    ({"forestry": ("forestry", 9001), "grassland": ("grassland", 9001)}, "share an HTTP port"),
])
def test_a_folder_that_declares_another_code_or_a_taken_port_is_refused(tmp_path, monkeypatch, declared, why):
    package = f"fake_services_{abs(hash(why)) % 10**6}"
    _folders(tmp_path, package, declared)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(CatalogError, match=why):
        catalog._discover(package)


def test_folders_are_discovered_in_port_order(tmp_path, monkeypatch):
    _folders(tmp_path, "fake_services_ok", {"b_dept": ("b_dept", 9002), "a_dept": ("a_dept", 9003)})
    monkeypatch.syspath_prepend(str(tmp_path))
    assert [d.code for d in catalog._discover("fake_services_ok")] == ["b_dept", "a_dept"]
