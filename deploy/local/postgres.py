"""PostgreSQL from Debian's packages, data directory under <environment>/postgres.

initdb refuses to run as root, so as root the server tools run as the `postgres`
system user that the Debian package creates (../shared/POSTGRES_LOCAL.md).

Durability is explicit: the fast settings (fsync, synchronous_commit and full_page_writes off) are
for tests only (PG_FAST=1, set by tests/infra.py). Anything else asks for a durable server, and a
server a test run left fast is restarted with durable settings, saying so.
"""
import os
import shutil
import signal
import subprocess
from pathlib import Path

import asyncpg

from deploy.local.environment import DEFAULT, LocalEnv
from deploy.local.paths import PG_DATABASE
from deploy.local.process import LaunchError, port_open, run, wait_for_port

FAST = ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise LaunchError("PostgreSQL server binaries not found under /usr/lib/postgresql; "
                          "install them with: apt-get install -y postgresql")
    return found[-1].parent


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def is_durable(mode: dict[str, str]) -> bool:
    """fsync on and synchronous_commit not off (on, remote_write, remote_apply and local all wait for the WAL flush)."""
    return mode.get("fsync") == "on" and mode.get("synchronous_commit") not in (None, "off")


def describe(mode: dict[str, str]) -> str:
    shown = f"fsync={mode.get('fsync')}, synchronous_commit={mode.get('synchronous_commit')}"
    return f"durable ({shown})" if is_durable(mode) else f"FAST, not durable, tests only ({shown})"


def fast_requested() -> bool:
    return os.environ.get("PG_FAST") == "1"


class Postgres:
    """The PostgreSQL server of one environment: start/stop, SIGKILL, SIGSTOP freeze/thaw, and its mode."""

    def __init__(self, env: LocalEnv = DEFAULT):
        self.env = env
        self.port = env.pg_port
        self.data = env.pg_home / "data"
        self.log = env.pg_home / "postgres.log"
        self.sockets = env.pg_home / "sockets"

    def dsn(self) -> str:
        return self.env.dsn

    def start(self, fast: bool | None = None, say=print) -> str:
        """Start (initialising on first use) and return the DSN of the `relapse` database.
        fast=None reads PG_FAST=1. A running server is kept, unless a durable one was asked for and
        it runs fast: then it is restarted durable (and `say` is told). Raises LaunchError."""
        fast = fast_requested() if fast is None else fast
        bindir = _bin_dir()
        self.thaw()  # start() after freeze(): a frozen server would not answer the checks below
        if port_open(self.port) and not fast and (mode := self.mode()) and not is_durable(mode):
            if not self._owns_data():
                raise LaunchError(f"PostgreSQL on 127.0.0.1:{self.port} runs {describe(mode)} and its data directory "
                                  f"is not {self.data}; restart it with durable settings yourself")
            say(f"postgres: 127.0.0.1:{self.port} was left running {describe(mode)} by a test run; "
                f"restarting it with durable settings")
            self.stop()
        if not port_open(self.port):
            self._start_server(bindir, fast)
        self._create_database()
        return self.dsn()

    def _owns_data(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def _start_server(self, bindir: Path, fast: bool) -> None:
        for d in (self.env.pg_home, self.sockets):
            d.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.env.pg_home, "postgres")
            shutil.chown(self.sockets, "postgres")
        if not (self.data / "PG_VERSION").exists():
            run(_as_server_user([str(bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                                 "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]), "initdb")
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if fast:
            options += " " + " ".join(FAST)
        run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log),
                             "-w", "-t", "60", "start"]), f"pg_ctl start (log: {self.log})")
        wait_for_port(self.port, 30, "PostgreSQL", self.log)

    def _psql(self, sql: str, database: str = "postgres") -> str:
        return run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                    "-tAc", sql], "psql", timeout=30).stdout.strip()

    def _create_database(self) -> None:
        if self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'") != "1":
            self._psql(f"CREATE DATABASE {PG_DATABASE}")

    def mode(self) -> dict[str, str]:
        """fsync, synchronous_commit and full_page_writes as the running server reports them
        (SHOW, not a file); {} when it does not answer."""
        try:
            rows = self._psql("SELECT name || '=' || setting FROM pg_settings "
                              "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
        except (LaunchError, subprocess.TimeoutExpired):
            return {}
        return dict(line.split("=", 1) for line in rows.splitlines() if "=" in line)

    def stop(self) -> bool:
        """pg_ctl stop -m fast; False when it was not running."""
        if not (self.data / "PG_VERSION").exists() or not port_open(self.port):
            return False
        self.thaw()  # a frozen server cannot shut down
        run(_as_server_user([str(_bin_dir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]), "pg_ctl stop")
        return True

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError, PermissionError):
            return None

    def processes(self) -> list[int]:
        """The postmaster and every backend and auxiliary process it forked."""
        root = self.postmaster_pid()
        if root is None:
            return []
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if int(fields[1]) == root:  # field 4 of /proc/<pid>/stat: the parent pid
                children.append(int(stat.parent.name))
        return [root, *children]

    def signal_all(self, sig: int) -> list[int]:
        """Send `sig` to the postmaster and all its children; returns the pids signalled."""
        sent = []
        for pid in self.processes():
            try:
                os.kill(pid, sig)
                sent.append(pid)
            except ProcessLookupError:
                pass
        return sent

    def freeze(self) -> list[int]:
        """SIGSTOP every server process: connections stay open and hang (a stalled, not a dead, server)."""
        return self.signal_all(signal.SIGSTOP)

    def thaw(self) -> list[int]:
        return self.signal_all(signal.SIGCONT)

    def kill(self) -> list[int]:
        """SIGKILL the postmaster only (a crash); its backends exit when they notice. Start again with start()."""
        pid = self.postmaster_pid()
        if pid is None:
            return []
        self.thaw()
        os.kill(pid, signal.SIGKILL)
        return [pid]


_DEFAULT = Postgres(DEFAULT)
DATA, LOG, SOCKETS = _DEFAULT.data, _DEFAULT.log, _DEFAULT.sockets


def dsn() -> str:
    return _DEFAULT.dsn()


def start() -> str:
    """Start the default environment's server (see Postgres.start)."""
    return _DEFAULT.start()


def stop() -> bool:
    return _DEFAULT.stop()


async def fresh_database(server_dsn: str, name: str) -> str:
    """Database `name` on the server of `server_dsn`, dropped (its sessions ended) and created empty;
    its DSN. For a benchmark or harness run that must start from nothing."""
    admin = await asyncpg.connect(server_dsn.rsplit("/", 1)[0] + "/postgres")
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    return server_dsn.rsplit("/", 1)[0] + f"/{name}"
