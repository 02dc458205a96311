"""The set's score: W = wrong automatic links, R = share sent to review, per kind of record."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from services.monitor.matching import MatchResult

from .people import HardCase


@dataclass(frozen=True)
class HardScores:
    records: int
    wrong: int
    review: int
    by_kind: dict[str, Counter]

    @property
    def review_share(self) -> float:
        return self.review / self.records if self.records else 0.0

    def line(self) -> str:
        return f"hardcase_records={self.records} hardcase_wrong={self.wrong} hardcase_review={self.review_share:.4f}"

    def table(self) -> list[str]:
        cols = ("records", "right", "wrong", "review", "not_linked")
        out = [f"{'hard case':<18}" + "".join(f"{c:>11}" for c in cols)]
        for kind, c in sorted(self.by_kind.items()):
            out.append(f"{kind:<18}" + "".join(f"{c[k]:>11}" for k in cols))
        return out


def score(cases: Sequence[HardCase], results: Sequence[MatchResult]) -> HardScores:
    """A link is wrong when it goes to anyone but the truth (to anyone for a person not in the registry)."""
    by_kind: dict[str, Counter] = {}
    wrong = review = 0
    for c, r in zip(cases, results):
        linked = r.resident_id if r.band == "link" else None
        bad = linked is not None and linked != c.truth
        wrong += bad
        review += r.band == "review"
        by_kind.setdefault(c.kind, Counter()).update(
            {"records": 1, "right": bool(linked) and not bad, "wrong": bad, "review": r.band == "review",
             "not_linked": linked is None})
    return HardScores(len(cases), wrong, review, by_kind)
