"""Precision, recall, F1 and review share of the matcher's decisions on labelled records.
Only automatic links count as predictions."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.monitor.matching import MatchResult

from ..labelled import LabelledRecord


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    review: float
    links: int
    wrong_links: int
    positives: int

    def line(self, rps: float) -> str:
        return (f"precision={self.precision:.4f} recall={self.recall:.4f} f1={self.f1:.4f} "
                f"review={self.review:.4f} rps={rps:.0f}")


def score(truth: Sequence[str], linked: Sequence[str | None], reviewed: Sequence[bool]) -> Scores:
    """truth: true registry ID or ""; linked: the auto-linked ID or None; reviewed: sent to review."""
    links = sum(1 for x in linked if x)
    right = sum(1 for t, x in zip(truth, linked) if x and x == t)
    positives = sum(1 for t in truth if t)
    p = right / links if links else 1.0
    r = right / positives if positives else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f1, sum(reviewed) / len(truth) if truth else 0.0, links, links - right, positives)


def scores_of(recs: Sequence[LabelledRecord], results: Sequence[MatchResult]) -> Scores:
    """`score` of the results against the records' truth."""
    return score([r.true_resident_id for r in recs], [x.resident_id if x.band == "link" else None for x in results],
                 [x.band == "review" for x in results])
