"""deploy/local supervises its services (issue 14 part 2): a department service SIGKILLed comes back
by itself, a deliberate stop stays stopped, and a service that keeps crashing is reported as a crash
loop with its last exit status and log. The services run in an environment of their own (own state
directory, own ports) against this session's Kafka and database."""
import os
import signal
import time

import asyncpg
import httpx
import pytest

from deploy.local.control import Local
from deploy.local.environment import LocalEnv
from deploy.local.services import DEPARTMENTS
from deploy.local.supervisor import LOOP_RESTARTS, in_crash_loop
from tests.integration.system import free_port, wait_until as _wait

SERVICE = "housing"


@pytest.fixture
def lab(tmp_path, infra):
    offset = free_port() - DEPARTMENTS[SERVICE]  # the department's port moved onto a free one
    env = LocalEnv("it_supervision", tmp_path, pg_port=0, kafka_ports=(0,), controller_ports=(0,),
                   service_port_offset=offset)
    local = Local(env)
    yield local
    local.services.stop_all()


@pytest.fixture
async def empty_database(infra):
    """A database of its own (the department migrates its schema into it), dropped at the end."""
    name = f"relapse_it_sup_{os.getpid()}"
    admin = await asyncpg.connect(infra.server_dsn)
    await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await admin.execute(f"CREATE DATABASE {name}")
    yield infra.server_dsn.rsplit("/", 1)[0] + f"/{name}"
    await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await admin.close()


def _department(lab: Local) -> list[str]:
    return lab.services.commands()[SERVICE]


def test_a_killed_service_is_restarted_and_a_stopped_one_is_not(lab, infra, empty_database):
    env = {"KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap, "DATABASE_URL": empty_database}
    supervisor = lab.services.spawn(SERVICE, _department(lab), env)
    lab.services.wait_healthy(SERVICE)
    first = lab.services.child_pid(SERVICE)

    os.kill(first, signal.SIGKILL)
    second = _wait(lambda: (p := lab.services.child_pid(SERVICE)) != first and p, 30, "a new service process")
    lab.services.wait_healthy(SERVICE)
    state = lab.services.state(SERVICE)
    assert (state["restarts_total"], state["last_exit"]) == (1, "signal 9 (SIGKILL)")
    assert state["supervisor_pid"] == supervisor and second != first
    assert "up (pid" in lab.services.describe(SERVICE) and "restarts 1" in lab.services.describe(SERVICE)

    assert lab.services.stop(SERVICE)
    time.sleep(2)  # longer than the first restart delay: a restart would have begun
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)
    assert lab.services.child_pid(SERVICE) is None and lab.services.describe(SERVICE) == "down"
    with pytest.raises(httpx.HTTPError):
        httpx.get(lab.services.health_urls()[SERVICE], timeout=1)


def test_a_service_that_keeps_crashing_is_reported_as_a_crash_loop(lab, infra, capsys):
    # DATABASE_URL empty: the service refuses its settings and exits with status 2 at once, every time.
    lab.services.spawn(SERVICE, _department(lab), {"KAFKA_BOOTSTRAP_SERVERS": infra.bootstrap, "DATABASE_URL": ""})
    state = _wait(lambda: (s := lab.services.state(SERVICE)) and in_crash_loop(s) and s, 60, "a crash loop")
    assert state["last_exit"] == "exit 2" and state["restarts_total"] >= LOOP_RESTARTS

    lab.status()
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(SERVICE))
    log = lab.env.logs_dir / f"{SERVICE}.log"
    assert "CRASH LOOP" in line and "last exit 2" in line and str(log) in line
    assert "DATABASE_URL" in log.read_text()  # the log the status line points at says why
