"""Kafka principals of one installation: their generated passwords, their SCRAM users on the
broker, and the client files the operator's tools read.

Passwords are drawn per installation (like the API keys in .local/env), kept in a 0600 file outside
the repo's tracked files (`<environment>/kafka/credentials`, name=password lines) and never printed.
Each service is handed only its own principal (service_identity); the monitor gets its relay's too.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from shared.kafka_security import MECHANISM, Principal, client_env
from shared.settings import read_env_file

ADMIN = "admin"  # the broker's super user: its own login, topics, users and ACLs
MONITOR, RELAY, OPERATOR = "monitor", "monitor_relay", "operator"
SCRAM_ITERATIONS = 8192


def read_passwords(path: Path) -> dict[str, str]:
    """name -> password of the credentials file; {} when there is none."""
    return read_env_file(path)


def ensure_passwords(path: Path, names: list[str]) -> dict[str, str]:
    """The credentials file with a password for each of `names` (existing ones kept); returns all."""
    passwords = read_passwords(path)
    for name in names:
        passwords.setdefault(name, secrets.token_urlsafe(24))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("".join(f"{name}={password}\n" for name, password in passwords.items()))
    os.chmod(path, 0o600)
    return passwords


def principal(passwords: dict[str, str], name: str) -> Principal:
    """Raises KeyError naming a principal the credentials file does not have."""
    if name not in passwords:
        raise KeyError(f"no Kafka credentials for {name!r}")
    return Principal(name, passwords[name])


def service_identity(passwords: dict[str, str], service: str) -> dict[str, str]:
    """The environment variables of `service`'s own principal: a department service logs in as its
    code; the monitor (and a second monitor instance, "monitor-2") as monitor, its relay as
    monitor_relay. Raises KeyError for a service without a principal."""
    if service.startswith(MONITOR):
        relay = principal(passwords, RELAY)
        return {**client_env(principal(passwords, MONITOR)),
                "KAFKA_RELAY_SASL_USERNAME": relay.name, "KAFKA_RELAY_SASL_PASSWORD": relay.password}
    return client_env(principal(passwords, service))


def admin_config(bootstrap: str, passwords: dict[str, str], protocol: str = "SASL_PLAINTEXT",
                 ca_file: Path | None = None) -> dict:
    """confluent-kafka settings of the admin principal (SASL_SSL: trusting `ca_file`)."""
    config = {"bootstrap.servers": bootstrap, "security.protocol": protocol, "sasl.mechanism": MECHANISM,
              "sasl.username": ADMIN, "sasl.password": passwords[ADMIN]}
    if ca_file:
        config["ssl.ca.location"] = str(ca_file)
    return config


def ensure_users(admin: dict, passwords: dict[str, str], timeout_s: float = 30) -> list[str]:
    """Create or reset the SCRAM user of every principal but admin (made when the storage was
    formatted) with its password; returns their names. Raises confluent_kafka.KafkaException."""
    from confluent_kafka.admin import AdminClient, ScramCredentialInfo, ScramMechanism, UserScramCredentialUpsertion

    names = [n for n in passwords if n != ADMIN]
    info = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS)
    client = AdminClient(admin)  # kept referenced until every future has its answer
    upserts = [UserScramCredentialUpsertion(n, info, passwords[n].encode()) for n in names]
    for future in client.alter_user_scram_credentials(upserts, request_timeout=timeout_s).values():
        future.result(timeout=timeout_s)
    return names


def write_client_files(directory: Path, passwords: dict[str, str], names: list[str],
                       protocol: str = "SASL_PLAINTEXT", ca_file: Path | None = None) -> dict[str, Path]:
    """For each of `names`: `<name>.properties` (Kafka's Java console tools, --consumer.config /
    --producer.config / --command-config) and `<name>.kcat.conf` (kcat -F), both 0600.
    Returns name -> properties file."""
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names:
        password = passwords[name]
        java = (f"security.protocol={protocol}\nsasl.mechanism={MECHANISM}\n"
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                f'username="{name}" password="{password}";\n')
        kcat = (f"security.protocol={protocol}\nsasl.mechanisms={MECHANISM}\n"
                f"sasl.username={name}\nsasl.password={password}\n")
        if ca_file:  # SASL_SSL: the brokers' CA
            java += f"ssl.truststore.type=PEM\nssl.truststore.location={ca_file}\n"
            kcat += f"ssl.ca.location={ca_file}\n"
        for path, text in ((directory / f"{name}.properties", java), (directory / f"{name}.kcat.conf", kcat)):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(text)
        written[name] = directory / f"{name}.properties"
    return written
