"""Where the command line finds the broker, the monitor and the operator token: flags, else the
environment, else the local launcher's .local/env (deploy/local/control.py writes it)."""
import os
from pathlib import Path

from deploy.local.paths import ENV_FILE, read_env_file
from services.monitor.operator_auth import parse_tokens
from shared.contracts.catalog import MONITOR_HTTP_PORT

DEFAULT_MONITOR_URL = f"http://127.0.0.1:{MONITOR_HTTP_PORT}"


class SettingMissing(RuntimeError):
    """A setting none of flag, environment and .local/env gives; the message names the variable."""


def load_local_env(path: Path = ENV_FILE) -> None:
    """Variables of `path` (NAME=value lines) that the environment does not set already."""
    for name, value in read_env_file(path).items():
        os.environ.setdefault(name, value)


def bootstrap(flag: str | None) -> str:
    value = flag or os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not value:
        raise SettingMissing("no broker: set KAFKA_BOOTSTRAP_SERVERS (or .local/env, or --bootstrap)")
    return value


def monitor_url(flag: str | None) -> str:
    return (flag or os.environ.get("MONITOR_URL") or DEFAULT_MONITOR_URL).rstrip("/")


def operator_token(flag: str | None) -> str:
    """The --token flag, else OPERATOR_TOKEN, else the first token of OPERATOR_TOKENS (name:token,...)."""
    if flag or os.environ.get("OPERATOR_TOKEN"):
        return flag or os.environ["OPERATOR_TOKEN"]
    try:
        return next(iter(parse_tokens(os.environ.get("OPERATOR_TOKENS", ""))))
    except ValueError as exc:
        raise SettingMissing(f"no operator token: {exc} (.local/env has one), or pass --token") from None
