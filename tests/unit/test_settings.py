"""Typed settings: a missing or invalid variable stops the start with the variable's name (never
its value), exit status 2 and no traceback for the service entry points."""
import os
import subprocess
import sys

import pytest

from services.monitor.settings import MonitorSettings
from shared.kit.settings import DepartmentSettings
from shared.settings import DatabaseSettings, InfraSettings, KafkaSettings, SettingsError, TopicSettings, load

pytestmark = pytest.mark.unit

GOOD = {
    "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
    "DATABASE_URL": "postgresql://x@127.0.0.1:1/x",
    "PARTITION_KEY_SECRET": "s" * 20,
    "OPERATOR_TOKENS": "alice:" + "t" * 20,
    "DEPARTMENT_API_KEYS": "housing:" + "k" * 20 + ",education:" + "q" * 20,
}


@pytest.fixture
def env(monkeypatch):
    for name in list(os.environ):
        if name in GOOD or name.startswith(("MONITOR_", "TOPIC_", "OVERDUE_")):
            monkeypatch.delenv(name)
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def _problems(cls) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load(cls)
    return caught.value.problems


@pytest.mark.parametrize("cls, name", [
    (MonitorSettings, "DATABASE_URL"), (MonitorSettings, "KAFKA_BOOTSTRAP_SERVERS"),
    (MonitorSettings, "PARTITION_KEY_SECRET"), (MonitorSettings, "OPERATOR_TOKENS"),
    (DepartmentSettings, "DEPARTMENT_API_KEYS"), (DepartmentSettings, "DATABASE_URL"),
    (InfraSettings, "PARTITION_KEY_SECRET"), (DatabaseSettings, "DATABASE_URL"),
    (KafkaSettings, "KAFKA_BOOTSTRAP_SERVERS"),
])
def test_a_missing_required_variable_is_named(env, cls, name):
    env.delenv(name)
    assert _problems(cls) == [f"{name}: missing (required)"]


@pytest.mark.parametrize("cls, name, value", [
    (MonitorSettings, "MONITOR_HTTP_PORT", "eighty"), (MonitorSettings, "MONITOR_HTTP_PORT", "70000"),
    (MonitorSettings, "MONITOR_HTTP_PORT", "0"), (MonitorSettings, "OVERDUE_INTERVAL_S", "-1"),
    (MonitorSettings, "OVERDUE_INTERVAL_S", "soon"), (MonitorSettings, "TOPIC_PARTITIONS", "0"),
    (MonitorSettings, "PARTITION_KEY_SECRET", "short-secret"), (MonitorSettings, "OPERATOR_TOKENS", "alice:short1"),
    (MonitorSettings, "OPERATOR_TOKENS", ","), (MonitorSettings, "DATABASE_URL", ""),
    (DepartmentSettings, "DEPARTMENT_API_KEYS", "housing"), (DepartmentSettings, "TOPIC_PARTITIONS", "six"),
    (DepartmentSettings, "DEPARTMENT_API_KEYS", "housing:" + "k" * 20 + ",housing:" + "m" * 20),
    (TopicSettings, "TOPIC_PREFIX", "it."), (TopicSettings, "TOPIC_PREFIX", "IT123."),
    (TopicSettings, "TOPIC_PREFIX", "it123"),
])
def test_an_invalid_value_is_named_without_echoing_it(env, cls, name, value):
    env.setenv(name, value)
    [problem] = _problems(cls)
    assert problem.startswith(f"{name}: ")
    if len(value) > 3 and name != "TOPIC_PREFIX":  # a secret or token must not be echoed
        assert value not in problem


def test_every_problem_is_reported_at_once(env):
    env.delenv("DATABASE_URL")
    env.setenv("MONITOR_HTTP_PORT", "x")
    assert sorted(p.split(":")[0] for p in _problems(MonitorSettings)) == ["DATABASE_URL", "MONITOR_HTTP_PORT"]


def test_defaults_and_types(env):
    s = load(MonitorSettings)
    assert (s.monitor_http_host, s.monitor_http_port, s.overdue_interval_s, s.topic_partitions) == \
        ("127.0.0.1", 8100, 60.0, 6)
    env.setenv("MONITOR_HTTP_PORT", "8123")
    env.setenv("OVERDUE_INTERVAL_S", "0.5")
    s = load(MonitorSettings)
    assert (s.monitor_http_port, s.overdue_interval_s) == (8123, 0.5)


def _start(module_args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in GOOD}
    return subprocess.run([sys.executable, "-m", *module_args], env={**base, **env}, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("args", [["services.monitor"], ["services.housing", "serve"],
                                  ["services.monitor.migrate"]], ids=" ".join)
def test_a_service_without_its_database_url_exits_2_naming_it(args):
    env = {k: v for k, v in GOOD.items() if k != "DATABASE_URL"}
    out = _start(args, env)
    assert out.returncode == 2, out.stderr
    assert "DATABASE_URL: missing" in out.stderr + out.stdout
    assert "Traceback" not in out.stderr


def test_the_monitor_with_a_bad_port_exits_2_naming_it():
    out = _start(["services.monitor"], {**GOOD, "MONITOR_HTTP_PORT": "http"})
    assert out.returncode == 2
    assert "MONITOR_HTTP_PORT:" in out.stderr and "Traceback" not in out.stderr


def test_a_department_service_with_a_malformed_key_list_exits_2_without_echoing_the_keys():
    secret = "housing:" + "z" * 5
    out = _start(["services.housing", "serve"], {**GOOD, "DEPARTMENT_API_KEYS": secret})
    assert out.returncode == 2
    assert "DEPARTMENT_API_KEYS:" in out.stderr + out.stdout and "zzzzz" not in out.stderr + out.stdout
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args", [["services.monitor"], ["services.education", "serve"],
                                  ["services.housing", "import", "--dry-run", __file__]], ids=" ".join)
@pytest.mark.parametrize("prefix", ["it.", "Test1.", "it1"])
def test_a_bad_topic_prefix_stops_an_entry_point_with_its_name(args, prefix):
    out = _start(args, {**GOOD, "TOPIC_PREFIX": prefix})
    assert out.returncode == 2, out.stderr
    assert "TOPIC_PREFIX: must look like 'it123.'" in out.stderr and "Traceback" not in out.stderr


def test_importing_the_topics_with_a_bad_prefix_raises_naming_it():
    out = _start(["shared.topics"], {"TOPIC_PREFIX": "nodigit."})
    assert out.returncode == 1 and "SettingsError: TOPIC_PREFIX: must look like 'it123.'" in out.stderr
