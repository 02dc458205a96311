"""Progress of a long import on stderr: a line every few seconds, counts only."""
from __future__ import annotations

import sys
import time
from typing import TextIO

INTERVAL_S = 3.0


class Ticker:
    def __init__(self, out: TextIO | None = sys.stderr, interval_s: float = INTERVAL_S):
        self.out, self.interval = out, interval_s
        self.started = self.last = time.perf_counter()

    def rows(self, n: int) -> None:
        """Called every few thousand rows: prints when the interval has passed."""
        now = time.perf_counter()
        if self.out is not None and now - self.last >= self.interval:
            self.last = now
            self.say(f"rows read {n:,} ({n / (now - self.started):,.0f}/s)")

    def say(self, text: str) -> None:
        if self.out is not None:
            print(f"registry import: {text}", file=self.out, flush=True)
