"""PostgreSQL from Debian's packages, data directory under .local/postgres.

initdb refuses to run as root, so as root the server tools run as the `postgres`
system user that the Debian package creates (../shared/POSTGRES_LOCAL.md).
"""
import os
import shutil
from pathlib import Path

from deploy.local.paths import PG_DATABASE, PG_HOME, PG_PORT
from deploy.local.process import LaunchError, port_open, run, wait_for_port

DATA = PG_HOME / "data"
LOG = PG_HOME / "postgres.log"
SOCKETS = PG_HOME / "sockets"
# Durability settings stay at their defaults unless asked: a benchmark must not claim
# durability that fsync=off removed. Tests opt in with PG_FAST=1.
FAST = ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise LaunchError("PostgreSQL server binaries not found under /usr/lib/postgresql; "
                          "install them with: apt-get install -y postgresql")
    return found[-1].parent


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def dsn() -> str:
    return f"postgresql://postgres@127.0.0.1:{PG_PORT}/{PG_DATABASE}"


def start() -> str:
    """Start (initialising on first use) and return the DSN of the `relapse` database."""
    bindir = _bin_dir()
    if not port_open(PG_PORT):
        for d in (PG_HOME, SOCKETS):
            d.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(PG_HOME, "postgres")
            shutil.chown(SOCKETS, "postgres")
        if not (DATA / "PG_VERSION").exists():
            run(_as_server_user([str(bindir / "initdb"), "-D", str(DATA), "-A", "trust", "-U", "postgres",
                                 "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]), "initdb")
        options = f"-p {PG_PORT} -k {SOCKETS} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if os.environ.get("PG_FAST") == "1":
            options += " " + " ".join(FAST)
        run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(DATA), "-o", options, "-l", str(LOG),
                             "-w", "-t", "60", "start"]), f"pg_ctl start (log: {LOG})")
        wait_for_port(PG_PORT, 30, "PostgreSQL", LOG)
    _create_database(bindir)
    return dsn()


def _create_database(bindir: Path) -> None:
    psql = ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-tAc"]
    exists = run([*psql, f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'"], "psql").stdout.strip()
    if exists != "1":
        run([*psql, f"CREATE DATABASE {PG_DATABASE}"], "create database")


def stop() -> bool:
    if not (DATA / "PG_VERSION").exists() or not port_open(PG_PORT):
        return False
    run(_as_server_user([str(_bin_dir() / "pg_ctl"), "-D", str(DATA), "-m", "fast", "stop"]), "pg_ctl stop")
    return True
