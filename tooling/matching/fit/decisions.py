"""What a labelled file says about the decision thresholds of a model without them."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg

from services.monitor.matching.batch import score_batch
from services.monitor.matching.decision import runner_up
from services.monitor.matching.weights import FSModel

from ..labelled import LabelledRecord, as_match_records
from .pairs import CHUNK


@dataclass
class Decisions:
    """What the labelled file says about the decision thresholds."""

    best: list[tuple[float, bool]] = field(default_factory=list)  # unique best candidate, is it right
    true_scores: list[float] = field(default_factory=list)  # the true person's score, where blocked
    pairs: Counter = field(default_factory=Counter)  # candidate pairs scored, by why the ID did not match
    true_pairs: Counter = field(default_factory=Counter)  # of which the true person
    id_hits_right: int = 0  # exact ID hits that are the true person
    id_hits_wrong: int = 0  # exact ID hits that are someone else

    @staticmethod
    def log2_odds(yes: int, no: int) -> float:
        return math.log2((yes + 0.5) / (no + 0.5))


async def decisions(conn: asyncpg.Connection, model: FSModel, recs: Sequence[LabelledRecord],
                    use_variants: bool = True) -> Decisions:
    """Score every labelled record (as the matcher does) and collect `Decisions`."""
    d = Decisions()
    for start in range(0, len(recs), CHUNK):
        chunk = recs[start:start + CHUNK]
        for r, s in zip(chunk, await score_batch(conn, as_match_records(chunk), model, use_variants)):
            if s.exact:
                right = s.ranked[0].resident_id == r.true_resident_id
                d.id_hits_right += right
                d.id_hits_wrong += not right
                continue
            d.pairs[s.reason] += len(s.ranked)
            if not s.ranked:
                continue
            if s.ranked[0].score - runner_up(s.ranked) >= model.margin:
                d.best.append((s.ranked[0].score, s.ranked[0].resident_id == r.true_resident_id))
            trues = [c.score for c in s.ranked if c.resident_id == r.true_resident_id]
            d.true_scores += trues
            d.true_pairs[s.reason] += len(trues)
    return d
