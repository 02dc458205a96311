"""Level counts for fitting the matcher's Fellegi-Sunter model (services/monitor/matching/weights.py).

m is counted on the true pairs of a labelled file, u on the non-matching pairs that the blocking
brings up for registry persons used as pseudo-records (fit.py). Counts are smoothed (add `alpha`
to every level) so an unseen level gets a large but finite weight.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class LevelCounts:
    """How often each level of each comparison was seen (None = field missing, not counted)."""

    fields: tuple[tuple[str, tuple[str, ...]], ...]
    counts: list[list[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.counts:
            self.counts = [[0] * len(levels) for _, levels in self.fields]

    def add(self, levels: Sequence[int | None]) -> None:
        for i, level in enumerate(levels):
            if level is not None:
                self.counts[i][level] += 1

    def probabilities(self, alpha: float = 0.5) -> list[list[float]]:
        out = []
        for row in self.counts:
            total = sum(row) + alpha * len(row)
            out.append([(c + alpha) / total for c in row])
        return out
