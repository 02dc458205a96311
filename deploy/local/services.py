"""Start, supervise and stop the monitor and department services as background processes (local runs).

Each service runs under its own `deploy.local.supervisor` process, which restarts it with backoff when it
exits unexpectedly; `<run>/<name>.pid` is the supervisor's pid, `<run>/<name>.json` its state (the
service's pid, restarts, last exit status). Stopping a service stops its supervisor first, so a
deliberate stop is never restarted.
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from deploy.kafka_principals import ADMIN, read_passwords, service_identity
from deploy.local.environment import DEFAULT, LocalEnv
from deploy.local.kafka import Kafka
from deploy.local.paths import REPO
from deploy.local.process import LaunchError, pid_alive, stop_pid
from deploy.local.supervisor import LOOP_WINDOW_S, STOP_GRACE_S, in_crash_loop
from shared.contracts.catalog import DEPARTMENTS as CATALOG, MONITOR_HTTP_PORT  # noqa: F401 (the monitor's port)

DEPARTMENTS = {d.code: d.http_port for d in CATALOG}  # each department's own port (services/<code>/department.py)
START_TIMEOUT_S = 90


class Services:
    """The services of one environment, on the catalog ports moved by the environment's offset."""

    def __init__(self, env: LocalEnv = DEFAULT):
        self.env = env
        self.run_dir, self.logs = env.run_dir, env.logs_dir
        self.monitor_port = MONITOR_HTTP_PORT + env.service_port_offset
        self.departments = {code: port + env.service_port_offset for code, port in DEPARTMENTS.items()}

    def commands(self) -> dict[str, list[str]]:
        """Every service's `python -m` arguments, monitor first."""
        return {"monitor": ["services.monitor"],
                **{n: [f"services.{n}", "serve", "--port", str(p)] for n, p in self.departments.items()}}

    def health_urls(self) -> dict[str, str]:
        return {"monitor": f"http://127.0.0.1:{self.monitor_port}/health",
                **{n: f"http://127.0.0.1:{p}/health" for n, p in self.departments.items()}}

    def _process_env(self, name: str, env: dict) -> dict:
        # The environment's monitor port unless the caller names one (a second monitor instance); the
        # service's own Kafka principal last, and never the file of everyone's passwords.
        merged = {**os.environ, "MONITOR_HTTP_PORT": str(self.monitor_port), "PYTHONUNBUFFERED": "1", **env,
                  **self.kafka_identity(name)}
        merged.pop("KAFKA_CREDENTIALS_FILE", None)
        return merged

    def kafka_identity(self, name: str) -> dict[str, str]:
        """The Kafka login of service `name` on an authenticated broker ({} on an unauthenticated one,
        or for a process that is no service of the catalog)."""
        passwords = read_passwords(self.env.kafka_credentials)
        if ADMIN not in passwords:
            return {}
        try:
            return {**Kafka(self.env).client_settings(), **service_identity(passwords, name)}
        except KeyError:
            return {}

    def spawn(self, name: str, args: list[str], env: dict) -> int:
        """Start `python -m *args` as service `name` under a supervisor (if not running); returns the
        supervisor's pid. `env` is added to this process's environment."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        pid_file = self.run_dir / f"{name}.pid"
        if pid := pid_alive(pid_file):
            return pid
        state = self.run_dir / f"{name}.json"
        state.unlink(missing_ok=True)
        proc = subprocess.Popen([sys.executable, "-m", "deploy.local.supervisor", str(state),
                                 str(self.logs / f"{name}.log"), "--", sys.executable, "-m", *args],
                                env=self._process_env(name, env), cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, start_new_session=True)
        pid_file.write_text(str(proc.pid))
        return proc.pid

    def start_all(self, env: dict) -> None:
        """Start every service not yet running and wait until each answers; raises LaunchError
        when one is in a crash loop or does not answer within START_TIMEOUT_S."""
        for name, args in self.commands().items():
            self.spawn(name, args, env)
        deadline = time.monotonic() + START_TIMEOUT_S
        for name, url in self.health_urls().items():
            self.wait_healthy(name, url, deadline)

    def wait_healthy(self, name: str, url: str | None = None, deadline: float | None = None) -> None:
        """Wait until `name` answers 200 at its /health; raises LaunchError."""
        url = url or self.health_urls()[name]
        deadline = deadline or time.monotonic() + START_TIMEOUT_S
        log = self.logs / f"{name}.log"
        while True:
            if not pid_alive(self.run_dir / f"{name}.pid"):
                raise LaunchError(f"{name}'s supervisor is not running; see {log}")
            state = self.state(name)
            if in_crash_loop(state):
                raise LaunchError(f"{name} is in a crash loop (last {state['last_exit']}); see {log}")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise LaunchError(f"{name} did not answer at {url}; see {log}")
            time.sleep(0.3)

    def state(self, name: str) -> dict:
        """The supervisor's state of `name` ({} before it wrote any)."""
        try:
            return json.loads((self.run_dir / f"{name}.json").read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def child_pid(self, name: str) -> int | None:
        """The pid of the service process itself (not its supervisor), if it runs."""
        pid = self.state(name).get("pid")
        if pid is None or not pid_alive(self.run_dir / f"{name}.pid"):
            return None
        try:
            os.kill(pid, 0)
            return pid
        except ProcessLookupError:
            return None

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int | None:
        """Send `sig` to the service process (a crash: its supervisor restarts it); returns its pid."""
        pid = self.child_pid(name)
        if pid is not None:
            os.kill(pid, sig)
        return pid

    def stop(self, name: str) -> bool:
        """Deliberate stop: SIGTERM to the supervisor, which stops the service and does not restart it."""
        return stop_pid(self.run_dir / f"{name}.pid", timeout_s=STOP_GRACE_S + 10)

    def names(self) -> list[str]:
        """Every service with a pid file in this environment (the catalog's and any extra spawned)."""
        extra = sorted(p.stem for p in self.run_dir.glob("*.pid") if p.stem not in self.commands())
        return [*self.commands(), *extra]

    def stop_all(self) -> list[str]:
        return [name for name in self.names() if self.stop(name)]

    def addresses(self) -> dict[str, str]:
        """Where each service answers: the monitor's metrics, each department's HTTP API."""
        return {"monitor": f"127.0.0.1:{self.monitor_port} (operator API, /metrics/)",
                **{n: f"127.0.0.1:{p} (HTTP API)" for n, p in self.departments.items()}}

    def describe(self, name: str) -> str:
        """One status word and detail: up (pid, restarts), restarting, crash loop (last exit, log), down."""
        if not pid_alive(self.run_dir / f"{name}.pid"):
            return "down"
        state, log = self.state(name), self.logs / f"{name}.log"
        pid = pid_alive(self.run_dir / f"{name}.pid")
        if b"deploy.local.supervisor" not in _cmdline(pid):
            return f"up (pid {pid}, not supervised: started before supervision; restart it)"
        restarts = state.get("restarts_total", 0)
        if in_crash_loop(state):
            recent = sum(1 for t in state["recent_restarts"] if time.time() - t < LOOP_WINDOW_S)
            return (f"CRASH LOOP ({recent} restarts within {LOOP_WINDOW_S:.0f} s, "
                    f"last {state['last_exit']}, log {log})")
        if state.get("status") == "running" and self.child_pid(name):
            after = f", last {state['last_exit']}" if state.get("last_exit") else ""
            return f"up (pid {state['pid']}, restarts {restarts}{after})"
        return f"{state.get('status', 'starting')} (restarts {restarts}, last {state.get('last_exit')}, log {log})"


def _cmdline(pid: int | None) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""


_DEFAULT = Services(DEFAULT)
RUN, LOGS = _DEFAULT.run_dir, _DEFAULT.logs


def start_all(env: dict) -> None:
    _DEFAULT.start_all(env)


def addresses() -> dict[str, str]:
    return _DEFAULT.addresses()


def stop_all() -> list[str]:
    return _DEFAULT.stop_all()
