"""The waits between retries: exponential backoff with jitter, bounded in attempts or time."""
from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: the n-th wait is drawn from [d/2, d], d = min(cap_s,
    first_s * factor**(n-1)), in seconds. Bounds: `max_attempts` (tries in all) and/or
    `max_elapsed_s` (no retry starts after that many seconds); None for either means no bound,
    for loops that must wait out an outage and have a stop event instead."""

    first_s: float = 0.2
    cap_s: float = 10.0
    factor: float = 2.0
    max_attempts: int | None = None
    max_elapsed_s: float | None = None

    def delay_s(self, retry_number: int) -> float:
        """Seconds to wait before retry `retry_number` (1 for the first retry)."""
        ceiling = min(self.cap_s, self.first_s * self.factor ** (retry_number - 1))
        return random.uniform(ceiling / 2, ceiling)

    def exhausted(self, attempts: int, elapsed_s: float) -> bool:
        return ((self.max_attempts is not None and attempts >= self.max_attempts)
                or (self.max_elapsed_s is not None and elapsed_s >= self.max_elapsed_s))
