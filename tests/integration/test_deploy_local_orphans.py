"""A supervisor that is itself SIGKILLed (the OOM killer, `kill -9` of the wrong pid) takes its
service with it: the service gets SIGTERM and exits, rather than running on unsupervised, holding
its port so that the next `up` crash-loops and `down` cannot reach it (deploy/local/supervisor.py)."""
import os
import signal

import httpx
import pytest

from deploy.local.control import Local
from deploy.local.environment import LocalEnv
from deploy.local.services import DEPARTMENTS
from tests.integration.system import free_port, wait_until as _until

NAME = "probe"


@pytest.fixture
def lab(tmp_path):
    env = LocalEnv("it_orphans", tmp_path, pg_port=0, kafka_ports=(0,), controller_ports=(0,),
                   service_port_offset=free_port() - DEPARTMENTS["housing"])
    local = Local(env)
    yield local
    local.services.stop_all()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_service_whose_supervisor_is_sigkilled_exits_and_the_next_start_serves_again(lab):
    port = free_port()
    args = ["http.server", str(port), "--bind", "127.0.0.1"]
    supervisor = lab.services.spawn(NAME, args, {})
    child = _until(lambda: lab.services.child_pid(NAME), 20, "the service started")
    _until(lambda: _answers(port), 20, "the service answers")
    os.kill(supervisor, signal.SIGKILL)
    try:
        _until(lambda: not _alive(child), 15, "the unsupervised service exited")
    finally:
        if _alive(child):  # this test's own process, left by a failure: not left running
            os.kill(child, signal.SIGKILL)
    assert not _answers(port)
    lab.services.spawn(NAME, args, {})  # the next start is not refused by a port still held
    again = _until(lambda: lab.services.child_pid(NAME), 20, "the service started again")
    _until(lambda: _answers(port), 20, "the new service answers")
    assert again != child and lab.services.state(NAME)["restarts_total"] == 0
