"""Fellegi-Sunter match weights: m and u probabilities per comparison level, and the model file.

m = P(level | the pair is the same person), u = P(level | different people), both counted
offline (tooling/matching/fit/). The weight of a level is log2(m/u); a pair's
score is the sum over the compared fields, missing fields adding 0. The thresholds are chosen
on labelled data too (tooling/matching/fit/thresholds.py). The shipped model: data/model.json.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "model.json"


@dataclass
class FSModel:
    """A fitted model: per-field level probabilities, weights, and the decision thresholds."""

    fields: tuple[tuple[str, tuple[str, ...]], ...]
    m: list[list[float]]
    u: list[list[float]]
    link_threshold: float  # score from which a unique best candidate is linked automatically
    review_threshold: float  # score from which the best candidate goes to human review
    exact_review_below: float = -math.inf  # an ID hit whose other fields score below this goes to review
    margin: float = 5.0  # bits the best must lead the runner-up by to link automatically (32x)
    provenance: dict = field(default_factory=dict)
    #: Higher auto-link thresholds by why the ID did not match (id_missing, id_invalid, id_unknown):
    #: a valid ID that nobody in the registry has mostly means the person is not in it.
    link_by_reason: dict[str, float] = field(default_factory=dict)
    weights: list[list[float]] = field(init=False)
    #: field name -> (position in `fields`, its level names)
    positions: dict[str, tuple[int, tuple[str, ...]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.positions = {name: (i, levels) for i, (name, levels) in enumerate(self.fields)}
        self.weights = []
        for ms, us in zip(self.m, self.u):
            # Levels go from the closest agreement to the farthest; a farther level never weighs
            # more than a closer one (in the synthetic registry a variant spelling is rarer among
            # strangers than the exact name, which would otherwise make it count more).
            row, cap = [], math.inf
            for m, u in zip(ms, us):
                cap = min(cap, math.log2(m / u))
                row.append(cap)
            self.weights.append(row)

    def link_threshold_for(self, reason: str) -> float:
        return self.link_by_reason.get(reason, self.link_threshold)

    def score(self, levels: Sequence[int | None]) -> float:
        w = self.weights
        return sum(w[i][lv] for i, lv in enumerate(levels) if lv is not None)

    def explain(self, levels: Sequence[int | None]) -> dict[str, tuple[str, float]]:
        """field -> (level name, weight) for the fields that were compared."""
        return {name: (names[lv], round(self.weights[i][lv], 2))
                for i, ((name, names), lv) in enumerate(zip(self.fields, levels)) if lv is not None}

    def to_json(self) -> str:
        return json.dumps({
            "fields": [[n, list(lv)] for n, lv in self.fields], "m": self.m, "u": self.u,
            "weights": [[round(w, 4) for w in ws] for ws in self.weights],
            "link_threshold": self.link_threshold, "review_threshold": self.review_threshold,
            "exact_review_below": self.exact_review_below, "link_by_reason": self.link_by_reason,
            "margin": self.margin, "provenance": self.provenance,
        }, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "FSModel":
        d = json.loads(text)
        return cls(tuple((n, tuple(lv)) for n, lv in d["fields"]), d["m"], d["u"], d["link_threshold"],
                   d["review_threshold"], d["exact_review_below"], d["margin"], d.get("provenance", {}),
                   d.get("link_by_reason", {}))


def load_model(path: Path | str = DEFAULT_MODEL) -> FSModel:
    return FSModel.from_json(Path(path).read_text(encoding="utf-8"))
