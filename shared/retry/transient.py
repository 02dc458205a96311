"""Which failures are transient: the one list every retry loop uses (shared.retry).

A failure is transient when waiting can make the same operation succeed: the network or the
server is away for now. It is classified by what it is, never by a hand list of examples:

- Python: OSError and its network kinds (ConnectionError, TimeoutError, socket errors; in
  Python 3.11 asyncio.TimeoutError is TimeoutError); not the file-system kinds (a missing file
  stays missing).
- PostgreSQL, by SQLSTATE (PostgreSQL manual, Appendix A "PostgreSQL Error Codes"):
  class 08 connection exception; 57P operator intervention (admin/crash shutdown,
  57P03 "the database system is shutting down / starting up"); class 53 insufficient resources
  (too many connections, out of memory, disk full); 40001 serialization failure and 40P01
  deadlock (the transaction was rolled back and can run again).
- asyncpg's own InterfaceError, raised when the connection or pool it used is closed; not its
  subclasses, which report bad values or configuration (DataError, ClientConfigurationError...).
- Kafka: aiokafka errors the client marks `retriable` (KafkaConnectionError, NodeNotReadyError,
  RequestTimedOutError, NotLeaderForPartitionError...) and its KafkaTimeoutError.
"""
from __future__ import annotations

import asyncpg
from aiokafka.errors import KafkaError, KafkaTimeoutError

_FILE_SYSTEM_ERRORS = (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError)
_TRANSIENT_SQLSTATE_PREFIXES = ("08", "57P", "53", "40001", "40P01")


def is_transient(exc: BaseException) -> bool:
    """True when retrying the same operation later can succeed (the module docstring lists the kinds)."""
    if isinstance(exc, asyncpg.PostgresError):
        return (getattr(exc, "sqlstate", None) or "").startswith(_TRANSIENT_SQLSTATE_PREFIXES)
    if isinstance(exc, asyncpg.InterfaceError):
        return type(exc) is asyncpg.InterfaceError
    if isinstance(exc, KafkaError):
        return bool(exc.retriable) or isinstance(exc, KafkaTimeoutError)
    if isinstance(exc, OSError):
        return not isinstance(exc, _FILE_SYSTEM_ERRORS)
    return False
