"""Which local environment a launcher call acts on: its state directory and its ports.

The default environment is the one `make up`, `make demo` and `make test` use: state in `.local/`,
PostgreSQL 55432, one Kafka node on 19092 (controller 19093), services on their catalog ports.
A named environment (`python -m deploy.local --env chaos up`, or DEPLOY_LOCAL_ENV=chaos) is a
second, isolated one: state in `.local/envs/<name>/`, ports moved by its slot so nothing clashes:

    slot s >= 1: PostgreSQL 55432 + 100 s; Kafka node i (1..3) 19092 + 200 s - 100 + (i - 1),
                 its controller 100 above that; services their catalog port + 1000 s.
    chaos = slot 1: PostgreSQL 55532, Kafka 19192-19194, controllers 19292-19294, monitor 9100.

A name not in SLOTS needs DEPLOY_LOCAL_SLOT=<n> (n >= 1) so two environments never share ports.
"""
import os
from dataclasses import dataclass
from pathlib import Path

from deploy.local.paths import KAFKA_CONTROLLER_PORT, KAFKA_PORT, LOCAL, PG_DATABASE, PG_PORT
from deploy.local.process import LaunchError

SLOTS = {"chaos": 1, "ops": 2, "ci": 3}
MAX_NODES = 3


@dataclass(frozen=True)
class LocalEnv:
    """One local environment: where its state lives and which loopback ports it uses."""

    name: str
    home: Path
    pg_port: int
    kafka_ports: tuple[int, ...]  # one client port per Kafka node, node ids 1..n
    controller_ports: tuple[int, ...]
    service_port_offset: int  # added to every service's catalog port

    @property
    def nodes(self) -> int:
        return len(self.kafka_ports)

    @property
    def is_default(self) -> bool:
        return self.name == "default"

    @property
    def bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{p}" for p in self.kafka_ports)

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{PG_DATABASE}"

    @property
    def env_file(self) -> Path:
        return self.home / "env"

    @property
    def kafka_home(self) -> Path:
        return self.home / "kafka"

    @property
    def kafka_credentials(self) -> Path:
        """Every Kafka principal's password (0600; deploy/kafka_principals.py)."""
        return self.kafka_home / "credentials"

    @property
    def pg_home(self) -> Path:
        return self.home / "postgres"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"


DEFAULT = LocalEnv("default", LOCAL, PG_PORT, (KAFKA_PORT,), (KAFKA_CONTROLLER_PORT,), 0)


def named(name: str, nodes: int | None = None) -> LocalEnv:
    """The environment called `name` with `nodes` Kafka nodes (1 or 3; None: as its Kafka was
    formatted, else 3); "default" is DEFAULT. Raises LaunchError for an unknown name without
    DEPLOY_LOCAL_SLOT, or a bad node count."""
    if name == "default":
        return DEFAULT
    home = LOCAL / "envs" / name
    if nodes is None:
        formatted = home / "kafka" / "nodes"
        nodes = int(formatted.read_text()) if formatted.exists() else MAX_NODES
    if nodes not in (1, MAX_NODES):
        raise LaunchError(f"--nodes must be 1 or {MAX_NODES}, got {nodes}")
    slot = SLOTS.get(name) or int(os.environ.get("DEPLOY_LOCAL_SLOT", "0"))
    if slot < 1 or not name.isidentifier():
        raise LaunchError(f"environment {name!r} has no port slot: add it to deploy/local/environment.py "
                                f"SLOTS or set DEPLOY_LOCAL_SLOT=<n> (n >= 1, not used by another environment)")
    kafka = 19092 + 200 * slot - 100
    return LocalEnv(name, home, PG_PORT + 100 * slot,
                    tuple(kafka + i for i in range(nodes)), tuple(kafka + 100 + i for i in range(nodes)),
                    1000 * slot)


def current() -> LocalEnv:
    """The environment of DEPLOY_LOCAL_ENV (nodes from DEPLOY_LOCAL_NODES if set), else DEFAULT."""
    nodes = os.environ.get("DEPLOY_LOCAL_NODES")
    return named(os.environ.get("DEPLOY_LOCAL_ENV", "default"), int(nodes) if nodes else None)
