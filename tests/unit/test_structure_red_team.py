"""Bad department folders and bad policy declarations, each refused at start with a message that
names the file and what is wrong, never a traceback deep in the monitor or a silent ignore
(the structure issue: a department is one folder plus policy entries, so both are input that a
maintainer writes by hand and the start must check).

Folders are written into a package of their own under tmp_path and discovered with
`catalog._discover(package)`, as tests/unit/test_catalog.py does; policy entries are edits of the
shipped policy text, validated with `parse_policy`.
"""
import itertools
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from services.monitor.policy import DEFAULT_POLICY, PolicyError, parse_policy
from services.monitor.verification import DEPARTMENT as VERIFICATION_DEPARTMENT
from shared.contracts import catalog
from shared.contracts.catalog import DEPARTMENTS, RESERVED_CODES, CatalogError

pytestmark = pytest.mark.unit

_packages = itertools.count()

CONTRACTS = '''
from typing import Literal
from shared.contracts.types import CloudEvent, Contract, Day, Person, Text, Yuan


class CropFailedData(Contract):
    person: Person
    failed_on: Day
    loss_yuan: Yuan


class CropFailed(CloudEvent):
    type: Literal["cn.kashgar.{code}.crop_failed.v1"]
    data: CropFailedData
'''


def department_py(code: str, port: int = 9101, models: str = "(c.CropFailed,)", extra: str = "") -> str:
    return (f"from {{package}}.{code} import contracts as c\n"
            "from shared.kit.department import Department\n"
            f"DEPARTMENT = Department(code={code!r}, name_zh='农业农村局', http_port={port}, "
            f"event_models={models}{extra})\n")


def discover(tmp_path: Path, monkeypatch, folders: dict[str, dict[str, str]]) -> tuple:
    """Write `folders` (folder -> file name -> text, `{package}` and `{code}` filled in) as a
    package of its own and discover it."""
    package = f"red_team_departments_{next(_packages)}"
    root = tmp_path / package
    root.mkdir()
    (root / "__init__.py").write_text("")
    for folder, files in folders.items():
        (root / folder).mkdir()
        (root / folder / "__init__.py").write_text("")
        for name, text in files.items():
            (root / folder / name).write_text(text.replace("{package}", package).replace("{code}", folder))
    monkeypatch.syspath_prepend(str(tmp_path))
    return catalog._discover(package)


def refused(tmp_path, monkeypatch, folders) -> str:
    with pytest.raises(CatalogError) as caught:
        discover(tmp_path, monkeypatch, folders)
    return str(caught.value)


def good(code: str = "agriculture", port: int = 9101, contracts: str = CONTRACTS, **kw) -> dict[str, str]:
    return {"department.py": department_py(code, port, **kw), "contracts.py": contracts}


# --- the catalog ------------------------------------------------------------------------------


def test_a_good_folder_is_discovered_with_its_events(tmp_path, monkeypatch):
    [dept] = discover(tmp_path, monkeypatch, {"agriculture": good()})
    assert dept.code == "agriculture" and [m.__name__ for m in dept.event_models] == ["CropFailed"]


@pytest.mark.parametrize("ports", [(9101, 9101), (9200, 9200, 9201)])
def test_two_folders_on_one_port_are_refused_naming_both(tmp_path, monkeypatch, ports):
    codes = ["agriculture", "forestry", "grassland"][:len(ports)]
    message = refused(tmp_path, monkeypatch, {c: good(c, p) for c, p in zip(codes, ports)})
    assert f"share an HTTP port: {ports[0]}" in message and "agriculture" in message and "forestry" in message


def test_a_folder_on_a_port_of_the_catalog_is_refused_naming_the_other():
    taken = DEPARTMENTS[-1]
    with pytest.raises(CatalogError) as caught:
        catalog._check_ports([*DEPARTMENTS, replace(taken, code="forestry")])
    assert f"{taken.code} and forestry share an HTTP port: {taken.http_port}" in str(caught.value)


@pytest.mark.parametrize("port", [catalog.MONITOR_HTTP_PORT, 0, -1, 65536, "9101", True, 9101.0])
def test_a_port_that_is_the_monitors_or_not_a_port_number_is_refused(tmp_path, monkeypatch, port):
    message = refused(tmp_path, monkeypatch, {"agriculture": good(port=repr(port) if isinstance(port, str) else port)})
    assert "agriculture/department.py" in message and "http_port" in message


@pytest.mark.parametrize("folder, code, why", [
    ("agriculture", "agri", "declares code 'agri'"),  # code is not its folder's name
    ("self_report", "self_report", "reserved"),  # the monitor's own source
    ("township", "township", "reserved"),  # the cadres' verification tasks
    ("monitor", "monitor", "reserved"),
    ("agri2", "agri2", "lower_snake_case"),  # topics refuse digits: shared.topics
    ("Agriculture", "Agriculture", "lower_snake_case"),
])
def test_a_code_that_is_not_its_folder_or_is_taken_or_misshapen_is_refused(tmp_path, monkeypatch, folder, code, why):
    files = good(folder)
    files["department.py"] = files["department.py"].replace(f"code={folder!r}", f"code={code!r}")
    assert why in refused(tmp_path, monkeypatch, {folder: files})


def test_the_reserved_codes_are_the_ones_the_monitor_uses():
    assert VERIFICATION_DEPARTMENT in RESERVED_CODES and catalog.SELF_REPORT in RESERVED_CODES
    assert not RESERVED_CODES & {d.code for d in DEPARTMENTS}


@pytest.mark.parametrize("files, why", [
    ({"department.py": department_py("agriculture")}, "cannot import name 'contracts'"),  # contracts.py missing
    ({"department.py": "from {package}.agriculture.contracts import CropFailed\n"}, "No module named"),
    ({"department.py": "from {package}.agriculture.contracts import Missing\n", "contracts.py": CONTRACTS},
     "cannot import name 'Missing'"),
    ({"department.py": "DEPARTMENT = (\n", "contracts.py": CONTRACTS}, "SyntaxError"),
    ({"department.py": "raise RuntimeError('half-written')\n", "contracts.py": CONTRACTS}, "half-written"),
])
def test_a_department_py_that_does_not_import_is_refused_naming_the_file(tmp_path, monkeypatch, files, why):
    message = refused(tmp_path, monkeypatch, {"agriculture": files})
    assert "agriculture/department.py" in message and why in message


@pytest.mark.parametrize("text", ["X = 1\n", "DEPARTMENT = None\n", "DEPARTMENT = {'code': 'agriculture'}\n"])
def test_a_department_py_without_a_department_declaration_is_refused(tmp_path, monkeypatch, text):
    message = refused(tmp_path, monkeypatch, {"agriculture": {"department.py": text}})
    assert "agriculture/department.py" in message and "DEPARTMENT = Department(" in message


@pytest.mark.parametrize("type_name", [
    "cn.kashgar.housing.crop_failed.v1",  # another department's name
    "cn.kashgar.agriculture.crop_failed",  # no version
    "cn.kashgar.agriculture.crop_failed.v0",
    "cn.kashgar.agriculture.CropFailed.v1",
    "kashgar.agriculture.crop_failed.v1",
    "crop_failed",
    "cn.kashgar.agriculture.crop_failed.v1 ",
])
def test_an_event_type_not_named_cn_kashgar_code_name_version_is_refused(tmp_path, monkeypatch, type_name):
    contracts = CONTRACTS.replace("cn.kashgar.{code}.crop_failed.v1", type_name)
    message = refused(tmp_path, monkeypatch, {"agriculture": good(contracts=contracts)})
    assert "CropFailed" in message and "cn.kashgar.agriculture.<event_name>.v<N>" in message


def test_a_later_version_of_an_event_type_is_accepted(tmp_path, monkeypatch):
    contracts = CONTRACTS.replace(".crop_failed.v1", ".crop_failed.v2")
    [dept] = discover(tmp_path, monkeypatch, {"agriculture": good(contracts=contracts)})
    assert dept.event_models[0].model_fields["type"].annotation.__args__ == ("cn.kashgar.agriculture.crop_failed.v2",)


@pytest.mark.parametrize("edit, why", [
    (('type: Literal["cn.kashgar.{code}.crop_failed.v1"]', "type: str"), "type must be one Literal"),
    (('type: Literal["cn.kashgar.{code}.crop_failed.v1"]',
      'type: Literal["cn.kashgar.{code}.crop_failed.v1", "cn.kashgar.{code}.crop_lost.v1"]'), "type must be one Literal"),
    (("    person: Person\n", ""), "data.person"),  # the monitor matches every event by data.person
    (("    person: Person\n", "    person: str\n"), "data.person"),
    (("    data: CropFailedData\n", ""), "no `data`"),
    (("class CropFailed(CloudEvent):", "class CropFailed(Contract):"), "not a CloudEvent"),
])
def test_an_event_model_the_monitor_could_not_read_is_refused(tmp_path, monkeypatch, edit, why):
    contracts = CONTRACTS.replace(*edit)
    message = refused(tmp_path, monkeypatch, {"agriculture": good(contracts=contracts)})
    assert "CropFailed" in message and why in message


@pytest.mark.parametrize("models, why", [
    ("(c.CropFailed, c.CropFailed)", "twice"),
    ("[c.CropFailed]", "tuple"),
    ("(c.CropFailedData,)", "not a CloudEvent"),
    ("('cn.kashgar.agriculture.crop_failed.v1',)", "not a CloudEvent"),
])
def test_event_models_declared_twice_or_not_as_models_are_refused(tmp_path, monkeypatch, models, why):
    assert why in refused(tmp_path, monkeypatch, {"agriculture": good(models=models)})


@pytest.mark.parametrize("extra, why", [
    (", receives_tasks='no'", "receives_tasks"),
    (", demo_events=-5", "demo_events"),
    (", demo_events='800'", "demo_events"),
])
def test_other_declared_values_of_the_wrong_kind_are_refused(tmp_path, monkeypatch, extra, why):
    assert why in refused(tmp_path, monkeypatch, {"agriculture": good(extra=extra)})


def test_a_blank_chinese_name_is_refused(tmp_path, monkeypatch):
    files = good()
    files["department.py"] = files["department.py"].replace("name_zh='农业农村局'", "name_zh='  '")
    assert "name_zh" in refused(tmp_path, monkeypatch, {"agriculture": files})


# --- the policy's declarations -------------------------------------------------------------------

TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")
LAPSED = "    raised_by: [cn.kashgar.health_insurance.insurance_lapsed.v1]\n"
HOUSING_RAISED = ("    raised_by:\n      - event: cn.kashgar.housing.housing_safety_appraised.v1\n"
                  "        when: {grade: [C, D]}\n")
HOUSING_CLEARED = ("    cleared_by:\n      - event: cn.kashgar.housing.housing_safety_appraised.v1\n"
                   "        when: {grade: [A, B]}\n")
ALLOWANCE_AMOUNT = "        amount: monthly_amount_yuan\n"
WATER_GUARANTEE = '    explain: {zh: "饮用水水质检测不合格", en: "the household\'s drinking water failed its quality test"}\n    guarantee: true\n'


def problems_of(text: str) -> str:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "p.yaml")
    return "\n".join(caught.value.problems)


def problems(old: str, new: str) -> str:
    assert old in TEXT, old
    return problems_of(TEXT.replace(old, new, 1))


def line_of(fragment: str, text: str = TEXT) -> int:
    return 1 + text[:text.index(fragment)].count("\n")


@pytest.mark.parametrize("event", [
    "cn.kashgar.health_insurance.insurance_lapsed.v9",
    "CN.KASHGAR.HEALTH_INSURANCE.INSURANCE_LAPSED.V1",
    "cn.kashgar.health_insurance.insurance_lapsed.v1 x",
    "cn.kashgar.task.acknowledged.v1",  # task status is not a department's event
    "cn.kashgar.agriculture.crop_failed.v1",  # a department that is not in the catalog
])
def test_a_factor_raised_or_cleared_by_an_unknown_event_type_is_refused(event):
    assert "unknown event type" in problems(LAPSED, f"    raised_by: [{event!r}]\n")
    cleared = "      - cn.kashgar.housing.housing_renovated.v1\n"
    assert "unknown event type" in problems(cleared, f"      - {event!r}\n")


@pytest.mark.parametrize("when, why", [
    ("{grade: [E]}", "is not a value of grade"),
    ("{grade: [d]}", "is not a value of grade"),
    ("{grade: ['C ']}", "is not a value of grade"),
    ("{colour: [C]}", "no field 'colour'"),
    ("{person.name: [C]}", "no field 'person.name'"),
    ("{appraisal_id: [JD-1]}", "not a coded field"),  # free text: `when` compares coded values only
    ("{appraised_on: ['2026-10-15']}", "not a coded field"),
    ("{grade: []}", "at least one value"),  # would never match: silently a dead rule
    ("{grade: C}", "valid list"),
])
def test_a_condition_on_a_field_the_event_lacks_or_a_value_outside_its_literal_is_refused(when, why):
    assert why in problems(HOUSING_RAISED, HOUSING_RAISED.replace("{grade: [C, D]}", when))


def test_the_same_bad_condition_is_refused_in_cleared_by_too():
    assert "is not a value of result" in problems("        when: {result: [passed]}", "        when: {result: [ok]}")


@pytest.mark.parametrize("field, why", [
    ("reason", "no amount field 'reason'"),  # text
    ("ended_on", "no amount field 'ended_on'"),  # a date
    ("person", "no amount field 'person'"),
    ("monthly_amount", "no amount field 'monthly_amount'"),  # no such field
    ("", "no amount field ''"),
])
def test_an_amount_that_is_not_a_decimal_field_of_the_event_is_refused_saying_why(field, why):
    message = problems(ALLOWANCE_AMOUNT, f"        amount: {field!r}\n")
    assert why in message
    if field in ("reason", "ended_on", "person"):
        assert "not an amount in yuan" in message


def test_an_amount_on_a_clearing_event_is_refused_not_ignored():
    cleared = "    cleared_by: [cn.kashgar.emergency_management.disaster_relief_delivered.v1]\n"
    amounted = ("    cleared_by:\n      - event: cn.kashgar.emergency_management.disaster_relief_delivered.v1\n"
                "        amount: relief_yuan\n")
    assert "only a raising event" in problems(cleared, amounted)


@pytest.mark.parametrize("raised, cleared", [
    ("{grade: [C, D]}", "{grade: [D]}"),  # D both raises and clears
    ("{grade: [C]}", "{grade: [A, C]}"),
    (None, "{grade: [A, B]}"),  # raised on every appraisal, cleared on some
    ("{grade: [C, D]}", None),
])
def test_a_factor_both_raised_and_cleared_by_the_same_event_is_refused_when_the_conditions_overlap(raised, cleared):
    def trigger(when):
        return "cn.kashgar.housing.housing_safety_appraised.v1" if when is None else \
            f"{{event: cn.kashgar.housing.housing_safety_appraised.v1, when: {when}}}"

    block = (f"    raised_by: [{trigger(raised)}]\n"
             f"    cleared_by: [{trigger(cleared)}, cn.kashgar.housing.housing_renovated.v1]\n")
    old = HOUSING_RAISED + HOUSING_CLEARED + "      - cn.kashgar.housing.housing_renovated.v1\n"
    assert "both raises and clears" in problems(old, block)


def test_disjoint_conditions_on_the_same_event_raise_and_clear():
    parse_policy(TEXT)  # unsafe_housing: raised by C, D and cleared by A, B of the same appraisal


@pytest.mark.parametrize("department, why", [
    ("agriculture", "unknown department"),
    ("self_report", "unknown department"),  # a source that never receives tasks
    ("township", "unknown department"),  # verification visits are opened by the monitor, not declared
    ("", "unknown department"),
])
def test_a_factor_whose_department_does_not_exist_or_receive_tasks_is_refused(department, why):
    assert why in problems("    department: water_resources\n", f"    department: {department!r}\n")


def test_a_factor_code_written_twice_is_refused_with_both_lines():
    block = TEXT[TEXT.index("  disaster_loss:\n"):]  # the last factor of the file
    message = problems_of(TEXT + block.replace("level: yellow", "level: red", 1))
    second = TEXT.count("\n") + 1
    assert f"p.yaml:{second}: factors: duplicate key 'disaster_loss' (first on line {line_of('  disaster_loss:')})" \
        in message


@pytest.mark.parametrize("old, new, where", [
    ("\nmedical:\n", "\nmedical:\n  window_days: {value: 1, unit: days, local_choice: \"a first value\"}\n",
     "medical: duplicate key 'window_days'"),
    ("    level: red\n    risk_type: schooling\n", "    level: red\n    level: yellow\n    risk_type: schooling\n",
     "factors.dropout: duplicate key 'level'"),
    ("version: kashgar-2026.4\n", "version: kashgar-2026.4\nversion: kashgar-2026.5\n", "(root): duplicate key 'version'"),
    ("        when: {grade: [C, D]}", "        when: {grade: [C, D], grade: [A]}",
     "factors.unsafe_housing.raised_by.0.when: duplicate key 'grade'"),
])
def test_any_key_written_twice_is_refused_not_silently_the_last(old, new, where):
    assert where in problems(old, new)


@pytest.mark.parametrize("code", ["Failed Project", "failed-project", "1st_factor", "失败"])
def test_a_factor_code_that_is_not_lower_snake_case_is_refused(code):
    assert "factors" in problems("  disaster_loss:\n", f"  {code!r}:\n")


@pytest.mark.parametrize("explain, why", [
    ("{en: \"the household's drinking water failed its quality test\"}", "zh"),
    ("{zh: \"饮用水水质检测不合格\"}", "en"),
    ("{zh: \"   \", en: \"the household's drinking water failed its quality test\"}", "zh"),
    ("{zh: \"饮用水水质检测不合格\", en: \"    \"}", "en"),
    ("{zh: \"unsafe water\", en: \"unsafe water\"}", "Chinese"),
    ("{zh: \"\", en: \"\"}", "zh"),
    ("null", "explain"),
])
def test_explain_texts_missing_or_blank_are_refused(explain, why):
    message = problems(WATER_GUARANTEE, f"    explain: {explain}\n    guarantee: true\n")
    assert "factors.unsafe_drinking_water.explain" in message and why in message


@pytest.mark.parametrize("flag", ["perhaps", "'true'", "'yes'", "1", "0", "'on'", "null", "[true]"])
def test_a_guarantee_flag_that_is_not_a_yaml_boolean_is_refused(flag):
    message = problems(WATER_GUARANTEE, WATER_GUARANTEE.replace("guarantee: true", f"guarantee: {flag}"))
    assert f"p.yaml:{line_of(WATER_GUARANTEE) + 1}: factors.unsafe_drinking_water.guarantee" in message


@pytest.mark.parametrize("flag, guarded", [("true", True), ("false", False), ("True", True)])
def test_a_yaml_boolean_guarantee_flag_is_read_as_written(flag, guarded):
    policy = parse_policy(TEXT.replace(WATER_GUARANTEE, WATER_GUARANTEE.replace("guarantee: true", f"guarantee: {flag}")))
    assert ("unsafe_drinking_water" in policy.guarantee_factors) is guarded


def test_every_problem_of_a_factor_is_reported_at_once_with_its_line():
    text = TEXT.replace(LAPSED, "    raised_by: [cn.kashgar.health_insurance.insurance_gone.v1]\n", 1)
    text = text.replace(WATER_GUARANTEE, WATER_GUARANTEE.replace("guarantee: true", "guarantee: 'yes'"), 1)
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "p.yaml")
    joined = "\n".join(caught.value.problems)
    assert "no_basic_medical_insurance.raised_by.0" in joined and "unsafe_drinking_water.guarantee" in joined
    assert all(p.startswith("p.yaml:") and p.split(":")[1].isdigit() for p in caught.value.problems)


def test_the_check_command_prints_the_problem_without_a_traceback(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text(TEXT + TEXT[TEXT.index("  disaster_loss:\n"):], encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "services.monitor.policy", "check", str(bad)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "duplicate key 'disaster_loss'" in out.stderr and "Traceback" not in out.stderr


def test_importing_the_monitor_reads_no_policy_so_a_broken_default_cannot_stop_it_with_a_traceback():
    # The monitor validates the policy it runs with (MONITOR_POLICY) in main() and prints its
    # problems; no module may read the default file while being imported.
    script = ("import services.monitor.policy as p\n"
              "def refuse(*a, **k):\n    raise AssertionError('a policy was read at import')\n"
              "p.load_policy = refuse\n"
              "import services.monitor.api, services.monitor.consumer, services.monitor.batch, services.monitor.rules\n"
              "print('imported')\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert out.returncode == 0 and out.stdout.strip() == "imported", out.stderr[-2000:]
