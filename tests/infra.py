"""Find Kafka and PostgreSQL for the integration tests (DESIGN.md section 9), in this order:
environment variables, testcontainers when a Docker engine answers, else deploy/local."""
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Infra:
    bootstrap: str
    server_dsn: str  # a database on the server where we may CREATE DATABASE
    how: str
    _cleanup: list = field(default_factory=list)

    def close(self) -> None:
        for stop in reversed(self._cleanup):
            stop()


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means "no engine here"
        return False


def _from_testcontainers() -> Infra:
    from testcontainers.community.kafka import KafkaContainer
    from testcontainers.community.postgres import PostgresContainer

    kafka = KafkaContainer("confluentinc/cp-kafka:7.6.0").with_kraft().start()
    pg = PostgresContainer("postgres:16", driver=None).start()
    infra = Infra(kafka.get_bootstrap_server(), pg.get_connection_url(), "testcontainers")
    infra._cleanup += [kafka.stop, pg.stop]
    return infra


def _from_local_launcher() -> Infra:
    from deploy.local import kafka, postgres
    from deploy.local.control import Local
    from shared import topics

    os.environ.setdefault("PG_FAST", "1")  # tests only: fsync off
    bootstrap = kafka.start()
    local = Local()
    if local.kafka.auth:  # principals and the run's ACLs; the test process itself acts as admin
        os.environ.update(local.secure_kafka(bootstrap, topics.PREFIX, say=lambda _: None))
    return Infra(bootstrap, postgres.start(), "deploy/local")


def _as_admin() -> None:
    """On an authenticated broker named by KAFKA_CREDENTIALS_FILE, the test process logs in as admin."""
    from deploy.kafka_principals import ADMIN, principal, read_passwords
    from shared.kafka_security import client_env

    path = os.environ.get("KAFKA_CREDENTIALS_FILE")
    if path:
        os.environ.setdefault("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
        os.environ.update(client_env(principal(read_passwords(Path(path)), ADMIN)))


def provide() -> Infra:
    bootstrap, dsn = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("DATABASE_URL")
    if bootstrap and dsn:
        _as_admin()
        return Infra(bootstrap, dsn, "environment")
    if _docker_answers():
        return _from_testcontainers()
    return _from_local_launcher()
