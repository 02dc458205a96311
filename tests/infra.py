"""Find Kafka and PostgreSQL for the integration tests (DESIGN.md section 9), in this order:
environment variables, testcontainers when a Docker engine answers, else deploy/local."""
import os
from dataclasses import dataclass, field


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

    os.environ.setdefault("PG_FAST", "1")  # tests only: fsync off
    bootstrap = kafka.start()
    return Infra(bootstrap, postgres.start(), "deploy/local")


def provide() -> Infra:
    bootstrap, dsn = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("DATABASE_URL")
    if bootstrap and dsn:
        return Infra(bootstrap, dsn, "environment")
    if _docker_answers():
        return _from_testcontainers()
    return _from_local_launcher()
