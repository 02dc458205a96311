"""Start and stop the monitor and department services as background processes (local runs)."""
import os
import subprocess
import sys
import time

import httpx

from deploy.local.paths import LOCAL, REPO
from deploy.local.process import LaunchError, pid_alive, stop_pid
from shared.contracts.catalog import DEPARTMENTS as CATALOG, MONITOR_HTTP_PORT  # noqa: F401 (the monitor's port)

RUN = LOCAL / "run"
LOGS = LOCAL / "logs"
DEPARTMENTS = {d.code: d.http_port for d in CATALOG}  # each department's own port (services/<code>/department.py)


def _spawn(name: str, args: list[str], env: dict) -> None:
    pid_file = RUN / f"{name}.pid"
    if pid_alive(pid_file):
        return
    log = open(LOGS / f"{name}.log", "ab")
    proc = subprocess.Popen([sys.executable, "-m", *args], env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    pid_file.write_text(str(proc.pid))


def start_all(env: dict) -> None:
    """Start every service not yet running and wait until each answers; raises LaunchError."""
    RUN.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **env, "MONITOR_HTTP_PORT": str(MONITOR_HTTP_PORT), "PYTHONUNBUFFERED": "1"}
    _spawn("monitor", ["services.monitor"], env)
    for name, port in DEPARTMENTS.items():
        _spawn(name, [f"services.{name}", "serve", "--port", str(port)], env)
    urls = {"monitor": f"http://127.0.0.1:{MONITOR_HTTP_PORT}/health",
            **{n: f"http://127.0.0.1:{p}/health" for n, p in DEPARTMENTS.items()}}
    deadline = time.monotonic() + 90
    for name, url in urls.items():
        while True:
            if not pid_alive(RUN / f"{name}.pid"):
                raise LaunchError(f"{name} exited during start-up; see {LOGS / (name + '.log')}")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise LaunchError(f"{name} did not answer at {url}; see {LOGS / (name + '.log')}")
            time.sleep(0.3)


def addresses() -> dict[str, str]:
    """Where each service answers: the monitor's metrics, each department's HTTP API."""
    return {"monitor": f"127.0.0.1:{MONITOR_HTTP_PORT} (operator API, /metrics/)",
            **{n: f"127.0.0.1:{p} (HTTP API)" for n, p in DEPARTMENTS.items()}}


def stop_all() -> list[str]:
    stopped = []
    for name in ["monitor", *DEPARTMENTS]:
        if stop_pid(RUN / f"{name}.pid", timeout_s=30):
            stopped.append(name)
    return stopped
