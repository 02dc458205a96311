"""The Python API of the local launcher, for the CLI and for harnesses that break things on purpose.

    from deploy.local.control import Local
    lab = Local.named("chaos")              # .local/envs/chaos, PostgreSQL 55532, Kafka 19192-19194
    env = lab.up()                          # Kafka + PostgreSQL (durable) + topics; the env file's variables
    lab.services.start_all(env)             # monitor + departments, each supervised
    lab.kafka.kill_node(2)                  # SIGKILL a Kafka node;  start_node(2) brings it back
    lab.postgres.freeze(); lab.postgres.thaw()
    lab.services.kill("monitor")            # SIGKILL the service; its supervisor restarts it
    lab.down()                              # services, Kafka, PostgreSQL of this environment only
"""
import asyncio
import os
import secrets

from deploy.kafka_acls import apply, principals, system_grants
from deploy.kafka_setup import secure
from deploy.kafka_principals import (ADMIN, OPERATOR, admin_config, ensure_passwords, principal, read_passwords,
                                     write_client_files)
from deploy.local.environment import DEFAULT, LocalEnv, named
from deploy.local.kafka import Kafka
from deploy.local.paths import read_env_file
from deploy.local.postgres import Postgres, describe
from deploy.local.process import port_open
from deploy.local.prometheus import Prometheus
from deploy.local.services import DEPARTMENTS, Services
from deploy.topics import create_all
from shared import topics
from shared.kafka_security import client_env

TOPIC_PARTITIONS = 6


class Local:
    """Kafka, PostgreSQL and the services of one local environment."""

    def __init__(self, env: LocalEnv = DEFAULT):
        self.env = env
        self.kafka, self.postgres, self.services = Kafka(env), Postgres(env), Services(env)
        self.prometheus = Prometheus(env)  # only with `up --prometheus`

    @classmethod
    def named(cls, name: str, nodes: int | None = None) -> "Local":
        return cls(named(name, nodes))

    def up(self, fast: bool | None = None, say=print) -> dict[str, str]:
        """Start Kafka and PostgreSQL (fast only if fast=True or PG_FAST=1), create every topic and
        write the env file; returns its variables. Raises LaunchError."""
        self.env.home.mkdir(parents=True, exist_ok=True)
        bootstrap = self.kafka.start()
        auth = "SASL/SCRAM-SHA-512 and ACLs" if self.kafka.auth else "NO authentication (KAFKA_AUTH=0 at format)"
        say(f"kafka:    {bootstrap} (KRaft, {self.env.nodes} node(s), {auth}, log {self.kafka.node(1).log})")
        if self.kafka.auth:  # this process then acts as admin (topic creation)
            os.environ.update(self.secure_kafka(bootstrap, topics.PREFIX, say))
        dsn = self.postgres.start(fast=fast, say=say)
        say(f"postgres: {dsn} ({self.mode_text()}, log {self.postgres.log})")
        created = asyncio.run(create_all(bootstrap, partitions=TOPIC_PARTITIONS))
        say(f"topics:   {len(created)} created")
        env = self.write_env(bootstrap, dsn)
        say(f"env:      {self.env.env_file} (source it: set -a; . {self.env.env_file}; set +a)")
        return env

    def secure_kafka(self, bootstrap: str, prefix: str, say=print) -> dict[str, str]:
        """Give every principal of the ACL table a password and a SCRAM user, apply the table's
        grants for topics under `prefix`, write the operator's and admin's client files; returns
        admin_login(). Raises confluent_kafka.KafkaException."""
        passwords = ensure_passwords(self.kafka.credentials, [ADMIN, *principals(system_grants(prefix))])
        users, applied = secure(bootstrap, passwords, prefix, self.kafka.protocol, self.kafka.ca_file)
        # Operators' tools, and each department system's own file (its console producer, kcat).
        write_client_files(self.client_dir, passwords, [OPERATOR, ADMIN, *(d for d in DEPARTMENTS if d in passwords)],
                           self.kafka.protocol, self.kafka.ca_file)
        say(f"kafka:    {len(users)} principals, {applied} ACLs (deploy/kafka-acls.toml); "
            f"operator client files in {self.client_dir}")
        return self.admin_login()

    def grant(self, prefix: str) -> int:
        """Apply the ACL table's grants for topics under `prefix` (a test run's or a chaos phase's own);
        returns how many (0 on an unauthenticated broker)."""
        if not self.kafka.auth:
            return 0
        return apply(self._admin(self.env.bootstrap, read_passwords(self.kafka.credentials)), system_grants(prefix))

    def _admin(self, bootstrap: str, passwords: dict[str, str]) -> dict:
        return admin_config(bootstrap, passwords, self.kafka.protocol, self.kafka.ca_file)

    def admin_login(self) -> dict[str, str]:
        """The environment variables that make a process log in as this broker's admin, and name its
        credentials file (tools acting for a department read it: shared.kafka_security.principal_for);
        {} on an unauthenticated broker."""
        if not self.kafka.auth:
            return {}
        return {**self.kafka.client_settings(), "KAFKA_CREDENTIALS_FILE": str(self.kafka.credentials),
                **client_env(principal(read_passwords(self.kafka.credentials), ADMIN))}

    @property
    def client_dir(self):
        return self.env.kafka_home / "clients"

    def mode_text(self) -> str:
        """'durable (fsync=on, synchronous_commit=on)' or 'FAST, not durable (...)' from the server's SHOW."""
        mode = self.postgres.mode()
        return describe(mode) if mode else "mode unknown (not answering)"

    def read_env(self) -> dict[str, str]:
        return read_env_file(self.env.env_file)

    def write_env(self, bootstrap: str, dsn: str) -> dict[str, str]:
        # Keep the key secret stable across `up` runs so message keys stay stable.
        old = self.read_env()
        new = {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "DATABASE_URL": dsn,
            "PARTITION_KEY_SECRET": old.get("PARTITION_KEY_SECRET") or secrets.token_hex(16),
            # The operator API's bearer tokens for local use (name:token): a prefecture-wide operator first,
            # then a county-scoped demo operator (issue 13).
            "OPERATOR_TOKENS": _operator_tokens(old.get("OPERATOR_TOKENS", "")),
            # Which counties the scoped operators see and act on (name:county_code[|county_code]).
            "OPERATOR_SCOPES": old.get("OPERATOR_SCOPES") or DEMO_SCOPES,
            # What each may do (viewer < case_officer < administrator; an operator not named is a viewer).
            "OPERATOR_ROLES": old.get("OPERATOR_ROLES") or DEMO_ROLES,
            # Each department system's API key for its own service (department:token, comma separated).
            "DEPARTMENT_API_KEYS": _department_keys(old.get("DEPARTMENT_API_KEYS", "")),
        }
        if self.kafka.auth:  # a shell that sources the env file watches topics as the read-only operator
            new.update(**self.kafka.client_settings(), KAFKA_CREDENTIALS_FILE=str(self.kafka.credentials),
                       KAFKA_CLIENT_PROPERTIES=str(self.client_dir / f"{OPERATOR}.properties"),
                       KAFKA_KCAT_CONFIG=str(self.client_dir / f"{OPERATOR}.kcat.conf"),
                       **client_env(principal(read_passwords(self.kafka.credentials), OPERATOR)))
        merged = {**old, **new}
        fd = os.open(self.env.env_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # keys and passwords
        with os.fdopen(fd, "w") as out:
            out.write("".join(f"{k}={v}\n" for k, v in merged.items()))
        os.chmod(self.env.env_file, 0o600)
        return merged

    def down(self, say=print) -> None:
        """Stop this environment's services, then Kafka, then PostgreSQL."""
        say("services stopped: " + (", ".join(self.services.stop_all()) or "none running"))
        if self.prometheus.stop():
            say("prometheus: stopped")
        say("kafka:    " + ("stopped" if self.kafka.stop() else "was not running"))
        say("postgres: " + ("stopped" if self.postgres.stop() else "was not running"))

    def status(self, say=print) -> int:
        """Print what runs; 0 when every Kafka node and PostgreSQL answer, else 1."""
        ok = True
        for node in self.kafka.nodes:
            up = port_open(node.port)
            ok &= up
            label = "kafka" if self.env.nodes == 1 else f"kafka node {node.node_id}"
            say(f"{label:<21} 127.0.0.1:{node.port} {'up' if up else 'down'}")
        pg_up = port_open(self.postgres.port)
        ok &= pg_up
        say(f"{'postgres':<21} 127.0.0.1:{self.postgres.port} " + (f"up, {self.mode_text()}" if pg_up else "down"))
        for name, where in self.services.addresses().items():
            say(f"{name:<21} {where} {self.services.describe(name)}")
        return 0 if ok else 1


SCOPED_OPERATOR = "kashi_city"  # 喀什市's office: sees and acts on its households only
DEMO_SCOPES = f"{SCOPED_OPERATOR}:653101"
DEMO_ROLES = f"operator:administrator,{SCOPED_OPERATOR}:case_officer"


def _operator_tokens(old: str) -> str:
    """Keep the tokens already handed out (the first stays first); add the prefecture-wide `operator` when
    there is none, and the county-scoped SCOPED_OPERATOR when it has no token yet."""
    tokens = dict(item.split(":", 1) for item in old.split(",") if ":" in item)
    if not tokens:
        tokens["operator"] = secrets.token_hex(16)
    tokens.setdefault(SCOPED_OPERATOR, secrets.token_hex(16))
    return ",".join(f"{name}:{token}" for name, token in tokens.items())


def _department_keys(old: str) -> str:
    """Keep the keys already handed out; add one for a department that has none yet."""
    keys = dict(item.split(":", 1) for item in old.split(",") if ":" in item)
    for department in DEPARTMENTS:
        keys.setdefault(department, secrets.token_hex(16))
    return ",".join(f"{d}:{t}" for d, t in keys.items())
