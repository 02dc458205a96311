"""How a process authenticates to Kafka: its principal and the client options of aiokafka.

Every Kafka client in the repo is built with `**client_options(bootstrap)`. Under the default
KAFKA_SECURITY_PROTOCOL=PLAINTEXT that is only `bootstrap_servers` (a broker without
authentication); under SASL_PLAINTEXT or SASL_SSL the process logs in with SCRAM-SHA-512 as the
principal in KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD. The monitor's outbox relay logs in as a
second principal (KAFKA_RELAY_SASL_USERNAME / _PASSWORD): only the relay may write the monitor's
topics, so the consumer that reads departments' events cannot (README, "Who may write what").
The launcher hands each service only its own credentials (deploy/local/kafka_principals.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from shared.settings import EnvSettings, SettingsError, load, read_env_file

Protocol = Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"]
MECHANISM = "SCRAM-SHA-512"


@dataclass(frozen=True)
class Principal:
    """A SCRAM user: its name and password (the password never appears in a repr)."""

    name: str
    password: str = field(repr=False)


class KafkaSecuritySettings(EnvSettings):
    kafka_security_protocol: Protocol = Field(default="PLAINTEXT", description="PLAINTEXT, SASL_PLAINTEXT or SASL_SSL")
    kafka_sasl_username: str = Field(default="", description="this process's SCRAM-SHA-512 principal")
    kafka_sasl_password: str = Field(default="", description="its password")
    kafka_relay_sasl_username: str = Field(default="", description="the monitor relay's principal (monitor only)")
    kafka_relay_sasl_password: str = Field(default="", description="its password")
    kafka_ssl_cafile: str = Field(default="", description="CA certificate that signed the brokers' (SASL_SSL)")

    @property
    def authenticated(self) -> bool:
        return self.kafka_security_protocol != "PLAINTEXT"


def settings() -> KafkaSecuritySettings:
    return load(KafkaSecuritySettings)


def own_principal() -> Principal | None:
    """This process's principal, None under PLAINTEXT. Raises SettingsError when the protocol asks
    for SASL and KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is empty."""
    return _principal(settings(), "kafka_sasl_username", "kafka_sasl_password")


def relay_principal() -> Principal | None:
    """The monitor relay's principal (falls back to own_principal() when no relay principal is set)."""
    s = settings()
    if s.authenticated and s.kafka_relay_sasl_username:
        return _principal(s, "kafka_relay_sasl_username", "kafka_relay_sasl_password")
    return own_principal()


def _principal(s: KafkaSecuritySettings, user: str, password: str) -> Principal | None:
    if not s.authenticated:
        return None
    missing = [f"{name.upper()}: missing (required by KAFKA_SECURITY_PROTOCOL={s.kafka_security_protocol})"
               for name in (user, password) if not getattr(s, name)]
    if missing:
        raise SettingsError(missing)
    return Principal(getattr(s, user), getattr(s, password))


def principal_for(name: str) -> Principal | None:
    """The principal of `name` for a tool acting for it (a department's import command, the
    simulator): from KAFKA_CREDENTIALS_FILE when it is set and names it (the local launcher's
    file), else this process's own (own_principal())."""
    path = os.environ.get("KAFKA_CREDENTIALS_FILE")
    password = read_env_file(Path(path)).get(name) if path else None
    if password and settings().authenticated:
        return Principal(name, password)
    return own_principal()


def client_options(bootstrap: str, principal: Principal | None = None) -> dict:
    """aiokafka keyword arguments (producer, consumer, admin and client alike) for `bootstrap` as
    `principal` (default: this process's own). Raises SettingsError as own_principal()."""
    s = settings()
    options: dict = {"bootstrap_servers": bootstrap}
    if not s.authenticated:
        return options
    principal = principal or own_principal()
    options.update(security_protocol=s.kafka_security_protocol, sasl_mechanism=MECHANISM,
                   sasl_plain_username=principal.name, sasl_plain_password=principal.password)
    if s.kafka_security_protocol == "SASL_SSL":
        from aiokafka.helpers import create_ssl_context

        options["ssl_context"] = create_ssl_context(cafile=s.kafka_ssl_cafile or None)
    return options


def client_env(principal: Principal | None) -> dict[str, str]:
    """The environment variables that make a child process log in as `principal` (the protocol and
    CA file are inherited); {} for None."""
    if principal is None:
        return {}
    return {"KAFKA_SASL_USERNAME": principal.name, "KAFKA_SASL_PASSWORD": principal.password}
