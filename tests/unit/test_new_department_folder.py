"""A department is one folder plus policy entries (the structure issue): the fixture folder
tests/unit/new_department/agriculture, laid among services/ by extending the package's search path
in a subprocess, is discovered by the catalog, gets its port, topics, compose service, AsyncAPI
channels, demo volume, simulator and file layout, and its declared factor is raised by the policy's
declarative rules in the monitor's batch core, with its task on monitor.tasks.agriculture.v1 — with
no edit anywhere else. A bad folder stops every entry point with the reason and no traceback."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "new_department"
LAID = "import services; services.__path__.append({folders!r})\n"

CHECKS = '''
import asyncio, json
from decimal import Decimal

from deploy import compose
from deploy.demo.replay import demo_counts
from deploy.local import services as local
from deploy.topics import all_topics
from services.agriculture import contracts as ag
from services.monitor.batch import process_batch
from services.monitor.policy import DEFAULT_POLICY, parse_policy
from services.monitor.rules import observe
from shared import asyncapi, topics
from shared.contracts import catalog
from tests.unit import builders as b
from tests.unit.test_batch_core import household, person, record, rid, sent, store_of
from tests.unit.test_policy_effects import HEAD, HOUSEHOLD
from tooling.simulate.departments import SIMULATED, simulator_of

dept = catalog.department("agriculture")
assert dept.http_port == 8190 and "agriculture" in catalog.task_receivers(), catalog.task_receivers()
assert [d.code for d in catalog.DEPARTMENTS][-1] == "agriculture"  # in port order, after the shipped ones
assert {topics.events_topic("agriculture"), topics.tasks_topic("agriculture")} <= set(all_topics())
assert local.DEPARTMENTS["agriculture"] == 8190
assert '  agriculture:' in compose.render() and '"127.0.0.1:8190:8190"' in compose.render()
assert "agriculture.events.v1" in asyncapi.to_yaml() and "monitor.tasks.agriculture.v1" in asyncapi.to_yaml()
assert demo_counts(1.0)["agriculture"] == 400 and "agriculture" in SIMULATED
assert list(dept.layouts) == ["failures"]
from datetime import date
from random import Random
from tooling.simulate.people import SimPerson
people = [SimPerson(b.VALID_ID, "古丽·艾买提", "F", date(1980, 1, 1), "653101100201", "6531011002010001", True)]
made = list(simulator_of("agriculture")(people, Random(1), date(2026, 10, 1), 20))
assert len(made) == 20 and {type(e) for e in made} == {ag.ProjectFailed, ag.ProjectSupported}

text = DEFAULT_POLICY.read_text(encoding="utf-8") + ENTRIES
policy = parse_policy(text, "policy+entries")
failed = b.envelope(ag.ProjectFailed, "agriculture", ag.ProjectFailedData(
    person=b.person(), project_id="CY1", kind="Crop_Failure", failed_on=b.NOW.date(),
    loss_yuan=Decimal("12000.50")))
supported = b.envelope(ag.ProjectSupported, "agriculture", ag.ProjectSupportedData(
    person=b.person(), project_id="CY1", supported_on=b.NOW.date()))
on = [c for c in observe(failed, HEAD, HOUSEHOLD, policy) if c.code == "failed_project"]
off = [c for c in observe(supported, HEAD, HOUSEHOLD, policy) if c.code == "failed_project"]
assert [(c.active, c.amount_yuan) for c in on] == [(True, Decimal("12000.50"))] and [c.active for c in off] == [False]

head = rid(41)
store = store_of(household(4, "20000", [(head, True, True)]))
event = failed.model_copy(update={"data": failed.data.model_copy(update={"person": person(head)})})
result = asyncio.run(process_batch(store, [record(event)], policy, "unit-test-key-secret-0123456789"))
[alert] = result.alerts
assert alert.level == "yellow" and [(f.code, f.risk_type, f.amount_yuan) for f in alert.factors] == [
    ("failed_project", "failed_project", Decimal("12000.50"))]
[task] = sent(store, topics.tasks_topic("agriculture"))
assert task["data"]["task_type"] == "project_support" and task["data"]["department"] == "agriculture", task
print("checked")
'''


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=REPO, timeout=120)


def test_a_folder_plus_policy_entries_is_a_department_end_to_end_in_the_batch_core():
    entries = (FIXTURES / "policy_entries.yaml").read_text(encoding="utf-8")
    out = run(LAID.format(folders=str(FIXTURES)) + f"ENTRIES = {entries!r}\n" + CHECKS)
    assert out.returncode == 0 and out.stdout.strip().endswith("checked"), out.stderr[-3000:]


def test_without_its_folder_the_policy_entries_are_refused_by_name():
    from services.monitor.policy import DEFAULT_POLICY, PolicyError, parse_policy

    entries = (FIXTURES / "policy_entries.yaml").read_text(encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        parse_policy(DEFAULT_POLICY.read_text(encoding="utf-8") + entries, "p.yaml")
    line = DEFAULT_POLICY.read_text(encoding="utf-8").count("\n") + entries.splitlines().index("    raised_by:") + 2
    assert f"p.yaml:{line}: factors.failed_project.raised_by.0: Value error, unknown event type " \
           "'cn.kashgar.agriculture.project_failed.v1'" in caught.value.problems[0]


@pytest.fixture
def clashing(tmp_path) -> Path:
    """The fixture folder on housing's port."""
    shutil.copytree(FIXTURES / "agriculture", tmp_path / "agriculture")
    declared = tmp_path / "agriculture" / "department.py"
    declared.write_text(declared.read_text(encoding="utf-8").replace("http_port=8190", "http_port=8105"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("module, args, service", [
    ("services.agriculture", ["serve"], "agriculture service"),
    ("services.housing", ["serve"], "housing service"),
    ("services.monitor", [], "monitor"),
    ("services.monitor.policy", ["check", "services/monitor/policy/kashgar-2026.yaml"], "policy check"),
])
def test_a_bad_folder_stops_every_entry_point_with_the_reason_and_no_traceback(clashing, module, args, service):
    script = LAID.format(folders=str(clashing)) + (
        "import runpy, sys\nsys.argv = [sys.argv[0], *sys.argv[1:]]\n"
        f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)\n")
    out = run(script, *args)
    assert out.returncode == 2, out.stderr[-3000:]
    assert f"the {service} does not start: the catalog of departments is not valid" in out.stderr
    assert "agriculture and housing share an HTTP port: 8105" in out.stderr and "Traceback" not in out.stderr


def test_a_folder_that_receives_no_tasks_gets_no_task_topic_and_no_factor_may_name_it(tmp_path):
    shutil.copytree(FIXTURES / "agriculture", tmp_path / "agriculture")
    declared = tmp_path / "agriculture" / "department.py"
    declared.write_text(declared.read_text(encoding="utf-8").replace("demo_events=400", "demo_events=400, "
                                                                     "receives_tasks=False"), encoding="utf-8")
    entries = (FIXTURES / "policy_entries.yaml").read_text(encoding="utf-8")
    checks = f"ENTRIES = {entries!r}\n" + '''
from deploy.topics import all_topics
from services.monitor.policy import DEFAULT_POLICY, PolicyError, parse_policy
from shared import topics
from shared.contracts import catalog
assert "agriculture" in catalog.NO_TASKS and "agriculture" not in catalog.task_receivers()
assert topics.events_topic("agriculture") in all_topics() and topics.tasks_topic("agriculture") not in all_topics()
try:
    parse_policy(DEFAULT_POLICY.read_text(encoding="utf-8") + ENTRIES, "p.yaml")
except PolicyError as exc:
    assert "factors.failed_project: Value error, unknown department 'agriculture'" in str(exc), str(exc)
    print("refused")
'''
    out = run(LAID.format(folders=str(tmp_path)) + checks)
    assert out.returncode == 0 and out.stdout.strip() == "refused", out.stderr[-3000:]
