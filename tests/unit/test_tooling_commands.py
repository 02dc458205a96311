"""The offline tooling's commands after the move out of the services: the new names work with
the old options, and the old names say where the command went (exit status 2)."""
import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.unit.builders import with_check
from tooling.registry.export import write_csv
from tooling.simulate.departments import department_of, simulator_of
from tooling.simulate.people import SimPerson, write_people

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(REPO)})


@pytest.fixture
def people_csv(tmp_path) -> Path:
    born = [date(1970 + i, i % 9 + 1, 10 + i % 10) for i in range(30)]
    # GB 11643-1999: region, birth date, sequence (odd 17th digit for a man), check character.
    people = [SimPerson(with_check(f"653101{b:%Y%m%d}{i:02d}{1 if i % 2 == 0 else 2}"), f"努尔买买提·艾力{i}",
                        "MF"[i % 2], b, "653101101201", f"6531011012010{i:03d}", i % 3 == 0)
              for i, b in enumerate(born)]
    path = tmp_path / "people.csv"
    write_people(path, people)
    return path


def test_the_registry_generator_runs_as_tooling_with_the_old_options(tmp_path):
    done = run("tooling.registry", "--households", "60", "--seed", "3", "--csv", str(tmp_path / "reg"))
    assert done.returncode == 0, done.stderr
    assert "households" in done.stdout and "60" in done.stdout
    expected, _ = write_csv(tmp_path / "again", 60, 3)  # the same seed, the same registry
    for name in ("households.csv", "persons.csv"):
        assert (tmp_path / "reg" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    assert len((tmp_path / "reg" / "persons.csv").read_text(encoding="utf-8").splitlines()) == 1 + expected.persons


@pytest.mark.parametrize("args", [
    ["--households", "10", "--seed", "1"],
    ["--households", "10", "--csv", "/nonexistent/never-written"],
    ["--help"],
    [],
])
def test_the_old_registry_command_says_where_the_generator_went(args, tmp_path):
    done = run("services.monitor.registry", *args)
    assert done.returncode == 2
    assert "python -m tooling.registry" in done.stderr
    assert not Path("/nonexistent/never-written").exists()


@pytest.mark.parametrize("department", ["health_insurance", "housing"])
def test_the_simulator_writes_a_department_file_as_tooling(department, people_csv, tmp_path):
    out = tmp_path / f"{department}.csv"
    done = run("tooling.simulate", department, "--people", str(people_csv), "--to-file", str(out), "--count", "12",
               "--bad-rate", "0.25", "--seed", "4")
    assert done.returncode == 0, done.stderr
    assert f"{department}: wrote 12 rows" in done.stdout and "3 bad" in done.stdout
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert len(rows) == 2 + 12  # title row, header row, the data


@pytest.mark.parametrize("args", [
    ["simulate", "--people", "people.csv", "--to-file", "x.csv", "--count", "5", "extra"],
    ["simulate"],
])
def test_the_old_department_simulate_command_says_where_it_went(args, people_csv):
    done = run("services.employment", *args, cwd=people_csv.parent)
    assert done.returncode == 2
    assert "python -m tooling.simulate employment" in done.stderr
    assert not (people_csv.parent / "x.csv").exists()


def test_the_department_services_no_longer_list_simulate():
    done = run("services.housing", "--help")
    assert done.returncode == 0
    assert "import" in done.stdout and "serve" in done.stdout and "simulate" not in done.stdout


@pytest.mark.parametrize("code", ["water", "", "../housing", "housing.department", "helpers", "HOUSING",
                                  "self_report", "monitor"])
def test_an_unknown_department_is_refused_by_name(code):
    with pytest.raises(LookupError):
        simulator_of(code)


@pytest.mark.parametrize("code", ["water", "", "../housing", "monitor.registry", "HOUSING"])
def test_an_unknown_department_service_is_refused_by_name(code):
    with pytest.raises(LookupError):
        department_of(code)


def test_the_simulator_command_refuses_an_unknown_department_and_lists_the_known(people_csv):
    out = people_csv.parent / "o.csv"
    done = run("tooling.simulate", "self_report", "--people", str(people_csv), "--to-file", str(out))
    assert done.returncode == 2 and not out.exists()
    assert "health_insurance" in done.stderr and "civil_affairs" in done.stderr


def test_every_department_has_a_simulator_of_its_own_events(people_csv):
    from random import Random

    from shared.contracts.catalog import DEPARTMENT_EVENTS, DEPARTMENTS
    from tooling.simulate.departments import SIMULATED
    from tooling.simulate.people import read_people

    assert set(SIMULATED) == {d.code for d in DEPARTMENTS} and len(SIMULATED) >= 5
    people = read_people(people_csv)
    for code in SIMULATED:
        models = DEPARTMENT_EVENTS[code]
        assert department_of(code).code == code
        events = list(simulator_of(code)(people, Random(1), date(2026, 10, 1), 40))
        assert len(events) == 40 and {type(e) for e in events} <= set(models)


@pytest.mark.parametrize("module", ["tooling.matching.evaluate", "tooling.matching.fit", "tooling.matching.noise",
                                    "tooling.matching.hardcases"])
def test_the_matching_tools_run_under_their_new_names(module):
    done = run(module, "--help")
    assert done.returncode == 0, done.stderr
    assert "DATABASE_URL" in done.stdout or "database-url" in done.stdout


def test_a_people_file_of_another_shape_is_refused_with_the_columns_it_needs(tmp_path):
    bad = tmp_path / "persons.csv"
    bad.write_text("resident_id,household_id\n" + with_check("65310119900101123") + ",1\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "tooling.simulate", "health_insurance", "--people", str(bad),
                          "--to-file", str(tmp_path / "m.xlsx")], capture_output=True, text=True)
    assert out.returncode == 2
    assert "no column 'name'" in out.stderr and "village_code" in out.stderr and "Traceback" not in out.stderr
