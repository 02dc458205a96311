"""Clear one-line errors instead of tracebacks: what could not be reached and what to do."""
import asyncio
from collections.abc import Callable
from functools import wraps

import asyncpg
import httpx
import typer
from aiokafka.errors import KafkaError
from rich.console import Console
from rich.markup import escape

from relapse.settings import SettingMissing

err = Console(stderr=True)


class Refused(RuntimeError):
    """The monitor answered with a refusal; the message is its reason."""


class MonitorUnreachable(RuntimeError):
    """Nothing answered at the monitor's address; the message names it."""


def fail(message: str, code: int = 1):
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def one_line_errors(peer: str = "broker (Kafka)", hint: str = "or pass --bootstrap") -> Callable:
    """Decorator of a command: settings, monitor, unknown topic and refusal errors, and `peer` not
    answering (OSError, KafkaError, a database error), become one line on stderr; exit 1 (2 for settings)."""

    def decorate(command: Callable) -> Callable:
        @wraps(command)
        def wrapper(*args, **kwargs):
            try:
                return command(*args, **kwargs)
            except SettingMissing as exc:
                fail(str(exc), 2)
            except (Refused, MonitorUnreachable, LookupError) as exc:
                fail(str(exc).strip("'\""))
            except (UnicodeEncodeError, httpx.InvalidURL) as exc:  # a token or URL httpx cannot send
                fail(f"bad setting: {_said(exc)}", 2)
            except (KafkaError, OSError, asyncio.TimeoutError, asyncpg.PostgresError) as exc:
                fail(f"{peer} unreachable or refusing: {_said(exc)} (is it running? `make status`; {hint})")
        return wrapper
    return decorate


def _said(exc: BaseException) -> str:
    text, kind = str(exc).strip(), type(exc).__name__
    return text if text.startswith(kind) else f"{kind}: {text}" if text else kind
