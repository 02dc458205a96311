"""Typed settings read from the environment (pydantic-settings); every process reads its
variables here, never from os.environ. A missing or invalid variable fails at start with the
variable's name, and never with its value (tokens and secrets must not reach a terminal or log).

Each variable is the field's name in capitals (`database_url` <- DATABASE_URL). A service has one
settings class: the monitor's is services.monitor.settings.MonitorSettings, a department's is
shared.kit.settings.DepartmentSettings; `load_or_exit` is how an entry point reads it (exit status 2).
"""
import re
import sys
from pathlib import Path
from typing import NoReturn, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

S = TypeVar("S", bound=BaseSettings)


class EnvSettings(BaseSettings):
    """Base of every settings class: the process environment only (no .env file), other
    variables ignored."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")


class SettingsError(ValueError):
    """Settings that are missing or invalid; `problems` has one `NAME: what is wrong` per variable."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def load(cls: type[S], **values) -> S:
    """`cls` read from the environment (`values` override it, by field name).
    Raises SettingsError naming each variable that is missing or invalid."""
    try:
        return cls(**values)
    except ValidationError as exc:
        raise SettingsError([_problem(err) for err in exc.errors(include_url=False, include_input=False)]) from None


def load_or_exit(cls: type[S], service: str) -> S:
    """`load(cls)` for an entry point: on SettingsError print what is wrong to stderr (no
    traceback) and exit with status 2, before any port, pool or consumer opens."""
    try:
        return load(cls)
    except SettingsError as exc:
        fail_start(service, exc)


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines of a file the launcher or the set-up step wrote (.local/env, a credentials
    file), comment lines skipped; {} when it does not exist."""
    if not path.exists():
        return {}
    pairs = (line.partition("=") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {name.strip(): value for name, sep, value in pairs if sep and name.strip()}


def fail_start(service: str, exc: SettingsError) -> NoReturn:
    print(f"the {service} does not start: " + "\n  ".join(["settings:", *exc.problems]), file=sys.stderr)
    sys.exit(2)


def _problem(err: dict) -> str:
    name = str(err["loc"][0]).upper() if err["loc"] else "(settings)"
    what = "missing (required)" if err["type"] == "missing" else err["msg"].removeprefix("Value error, ")
    return f"{name}: {what}"


TOPIC_PREFIX_PATTERN = r"[a-z][a-z0-9_]*\d[a-z0-9_]*\."


class TopicSettings(EnvSettings):
    """Read by shared.topics when it is imported (tests set TOPIC_PREFIX before that)."""

    topic_prefix: str = Field(default="", description="namespace of every topic and consumer group, e.g. 'it123.'; "
                                                      "a digit keeps prefixed topics out of an unprefixed monitor's "
                                                      "pattern")

    @field_validator("topic_prefix")
    @classmethod
    def _prefix_shape(cls, value: str) -> str:
        if value and not re.fullmatch(TOPIC_PREFIX_PATTERN, value):
            raise ValueError(f"must look like 'it123.', got {value!r}")
        return value


class DatabaseSettings(EnvSettings):
    database_url: str = Field(min_length=1, description="postgresql://user@host:port/db")


class KafkaSettings(EnvSettings):
    kafka_bootstrap_servers: str = Field(min_length=1, description="host:port[,host:port], e.g. 127.0.0.1:19092")
    topic_partitions: int = Field(default=6, ge=1, description="partitions per topic when we create it")

    @property
    def bootstrap_list(self) -> list[str]:
        """The bootstrap servers as a list: FastStream wraps a string in a list as one address, so a
        comma-separated cluster list ("a:1,b:2") would not resolve (aiokafka itself splits it)."""
        return [s.strip() for s in self.kafka_bootstrap_servers.split(",") if s.strip()]


class InfraSettings(DatabaseSettings, KafkaSettings):
    """Where Kafka and PostgreSQL are, and the key secret every publisher shares. `deploy/local`
    writes these into .local/env."""

    partition_key_secret: str = Field(
        min_length=16,
        description="HMAC secret for message keys of events whose household is not known yet; "
        "the raw resident ID is never a key (DESIGN.md section 3)",
    )
