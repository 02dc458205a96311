"""A loopback TCP proxy a test can cut or freeze, to take a real server "away" without stopping it.

Point a service at `proxy.port` instead of the server's own port, then:
- `cut()`: every relayed connection is closed and new ones are refused (connection refused, as
  when the server is down); `restore()` accepts again;
- `freeze()`: connections stay open but no byte moves either way (a hung server, like SIGSTOP);
  `thaw()` lets the held bytes through.
The shared PostgreSQL and Kafka stay up for every other test. Runs its own event loop in a
thread, so it serves subprocesses and sync or async tests alike.

Kafka clients connect to the addresses the broker advertises, so this proxies PostgreSQL (or
any one-address protocol such as HTTP), not a Kafka bootstrap.
"""
from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from typing import Iterator

from deploy.local.process import free_port


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="fault-proxy")
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self.port = free_port()

    # --- control, from the test's thread -------------------------------------------------
    def start(self) -> "FaultProxy":
        self._thread.start()
        self._call(self._listen())
        return self

    def cut(self) -> None:
        """Close every relayed connection and refuse new ones until `restore()`."""
        self._call(self._cut())

    def restore(self) -> None:
        self._call(self._listen())

    def freeze(self) -> None:
        """Hold every byte in both directions until `thaw()`; connections stay open."""
        self._loop.call_soon_threadsafe(self._flowing.clear)

    def thaw(self) -> None:
        self._loop.call_soon_threadsafe(self._flowing.set)

    def stop(self) -> None:
        self._call(self._cut())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def dsn(self, dsn: str) -> str:
        """`dsn` (postgresql://user@host:port/db) with host and port replaced by the proxy's."""
        head, _, rest = dsn.partition("://")
        user_host, slash, path = rest.partition("/")
        user, at, _host = user_host.rpartition("@")
        return f"{head}://{user}{at}127.0.0.1:{self.port}{slash}{path}"

    # --- inside the proxy's loop -----------------------------------------------------------
    def _call(self, coro) -> None:
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, reuse_address=True)

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self._target)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers |= {client_writer, server_writer}
        await asyncio.gather(self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer),
                             return_exceptions=True)
        for writer in (client_writer, server_writer):
            self._writers.discard(writer)
            writer.transport.abort()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while chunk := await reader.read(65536):
            await self._flowing.wait()
            writer.write(chunk)
            await writer.drain()
        writer.transport.abort()


@contextmanager
def fault_proxy(target_host: str, target_port: int) -> Iterator[FaultProxy]:
    proxy = FaultProxy(target_host, target_port).start()
    try:
        yield proxy
    finally:
        proxy.stop()
