"""The registry's source iterated in a thread, so that Python builds the next chunk while the
server writes the previous one (two cores: one for each)."""
from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncIterator, Iterable

from .chunks import Chunk, chunks
from .rows import Household


class Producer(threading.Thread):
    """Iterates the households in a thread and hands chunks over a bounded queue."""

    _DONE = object()

    def __init__(self, households: Iterable[Household], chunk_households: int) -> None:
        super().__init__(name="registry-source", daemon=True)
        self.q: queue.Queue = queue.Queue(maxsize=3)  # bounds memory to a few chunks
        self.stop = threading.Event()
        self._args = (households, chunk_households)

    def run(self) -> None:
        households, size = self._args
        try:
            for chunk in chunks(iter(households), size):
                if not self._put(chunk):
                    return
            self._put(self._DONE)
        except BaseException as exc:  # re-raised in the consumer
            self._put(exc)

    def _put(self, item: object) -> bool:
        while not self.stop.is_set():
            try:
                self.q.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    async def items(self) -> AsyncIterator[Chunk]:
        while True:
            item = await asyncio.to_thread(self.q.get)
            if item is self._DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
