"""Fit the matcher's model from the registry and a labelled file.

    python -m tooling.matching.fit TRAIN.csv [--out services/monitor/matching/data/model.json]

u: registry people used as pseudo-records (their resident ID mistyped once, as records that
reach the fallback have it), blocked exactly as at run time; every candidate that is not the
person is a non-matching pair. m: the true pairs of the labelled file. Thresholds: on the
labelled file's decisions (weights.choose_thresholds), bounded by the prior odds the file
shows (see `fit`). Reads DATABASE_URL.
"""
from __future__ import annotations

import asyncio
import hashlib
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import asyncpg
import typer

from services.monitor.matching.blocking.keys import record_keys
from services.monitor.matching.blocking.neighbours import id_neighbours
from services.monitor.matching.blocking.query import fetch_candidates
from services.monitor.matching.comparisons import compare
from services.monitor.matching.comparisons.levels import FIELDS
from services.monitor.matching.comparisons.prepared import prepare
from services.monitor.matching.batch import score_batch
from services.monitor.matching.decision import runner_up
from services.monitor.matching.id_state import compared_id, id_state
from services.monitor.matching.lookup import PERSONS_SQL
from services.monitor.matching.scoring import row_person
from services.monitor.matching.weights import DEFAULT_MODEL, FSModel, LevelCounts, choose_thresholds

from . import noise
from .labelled import LabelledRecord, as_match_records, read_csv

CHUNK = 2000


async def count_u(conn: asyncpg.Connection, n: int, seed: int, use_variants: bool = True) -> LevelCounts:
    people = await noise.sample_people(conn, n, seed)
    rng = random.Random(seed)
    counts = LevelCounts(FIELDS)
    for start in range(0, len(people), CHUNK):
        chunk = people[start:start + CHUNK]
        recs = [prepare(noise.id_typo(p.resident_id, rng), p.name, p.gender, p.birth_date, p.village_code)
                for p in chunk]
        keys = [(i, k) for i, r in enumerate(recs) for k in record_keys(r)]
        near = [(i, x) for i, r in enumerate(recs) for x in id_neighbours(r.resident_id)]
        for row in await fetch_candidates(conn, keys, near):
            if row["resident_id"] != chunk[row["ord"]].resident_id:
                counts.add(compare(recs[row["ord"]], row_person(row), use_variants))
    return counts


async def count_m(conn: asyncpg.Connection, recs: Sequence[LabelledRecord], use_variants: bool = True
                  ) -> LevelCounts:
    """m counts over the true pairs of the labelled file.

    The ID comparison is counted only where the ID did not match exactly: its weight is used
    only there (in the probabilistic path), and conditioning on that path is what makes a
    one-digit difference strong evidence rather than a rare event."""
    truth = {r["resident_id"]: r for r in await conn.fetch(PERSONS_SQL, sorted({r.true_resident_id for r in recs
                                                                               if r.true_resident_id}))}
    counts = LevelCounts(FIELDS)
    for r in recs:
        row = truth.get(r.true_resident_id)
        if row is not None:
            norm = id_state(r.resident_id)[0]
            rec = prepare(compared_id(r.resident_id, norm), r.name, r.gender, r.birth_date, r.village_code)
            levels = compare(rec, row_person(row), use_variants)
            counts.add((None,) + levels[1:] if norm == r.true_resident_id else levels)
    return counts


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


async def fit(conn: asyncpg.Connection, recs: Sequence[LabelledRecord], *, u_sample: int = 20000, seed: int = 11,
              use_variants: bool = True, source: str = "") -> FSModel:
    u = await count_u(conn, u_sample, seed, use_variants)
    m = await count_m(conn, recs, use_variants)
    model = FSModel(FIELDS, m.probabilities(), u.probabilities(), math.inf, math.inf)
    d = await decisions(conn, model, recs, use_variants)
    link, review = choose_thresholds(d.best, d.true_scores)
    # Never link automatically what the model itself finds likelier someone else: the prior
    # odds of a blocked pair (for records whose ID failed the same way) times the likelihood
    # ratio must reach 1.
    prior = Decisions.log2_odds(sum(d.true_pairs.values()), sum(d.pairs.values()) - sum(d.true_pairs.values()))
    by_reason = {r: Decisions.log2_odds(d.true_pairs[r], d.pairs[r] - d.true_pairs[r]) for r in sorted(d.pairs)}
    model.link_threshold = round(max(link, -prior), 3)
    model.link_by_reason = {r: round(max(link, -p), 3) for r, p in by_reason.items()}
    model.review_threshold = round(min(review, model.link_threshold), 3)
    # An ID hit goes to review when the other fields make it likelier someone else than the person.
    id_prior = Decisions.log2_odds(d.id_hits_right, d.id_hits_wrong)
    model.exact_review_below = round(-id_prior, 3)
    model.provenance = {
        "fitted": date.today().isoformat(),
        "registry_persons": await conn.fetchval("SELECT count(*) FROM monitor.persons"),
        "u": {"pseudo_records": u_sample, "seed": seed, "non_matching_pairs": sum(u.counts[1]),
              "counts": u.counts, "method": "registry people as records (ID mistyped once), blocked as at run time"},
        "m": {"labelled": source, "records": len(recs), "true_pairs": sum(m.counts[1]), "counts": m.counts,
              "method": "true pairs of the labelled file; the ID field only where the ID did not match exactly"},
        "thresholds": {
            "link": "the most probabilistic links of the labelled file that keep precision 0.995, halfway to "
                    "the next lower score, but at least minus the prior log2-odds of a blocked pair",
            "review": "99 % of true persons found by blocking score above it",
            "exact_review_below": "minus the log2-odds that an ID hit is the right person",
            "link_by_reason": "the same, with the prior of the records whose ID failed that way",
            "data_driven_link": round(link, 3), "blocked_pair_prior_log2_odds": round(prior, 3),
            "prior_log2_odds_by_reason": {r: round(p, 3) for r, p in by_reason.items()},
            "id_hit_prior_log2_odds": round(id_prior, 3), "id_hits": [d.id_hits_right, d.id_hits_wrong],
            "blocked_pairs": {r: [d.true_pairs[r], d.pairs[r]] for r in sorted(d.pairs)},
        },
        "use_variants": use_variants,
    }
    return model


def main(train: Path, out: Path = DEFAULT_MODEL, u_sample: int = 20000, seed: int = 11,
         database_url: str = typer.Option(..., envvar="DATABASE_URL", help="PostgreSQL URL of the registry")) -> None:
    """Fit m, u and the thresholds; write the model JSON."""
    recs = read_csv(train)
    digest = hashlib.sha256(train.read_bytes()).hexdigest()[:16]

    async def run() -> FSModel:
        conn = await asyncpg.connect(database_url)
        try:
            return await fit(conn, recs, u_sample=u_sample, seed=seed, source=f"{train.name} sha256:{digest}")
        finally:
            await conn.close()
    model = asyncio.run(run())
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"model written to {out}: link >= {model.link_threshold}, review >= {model.review_threshold}")


if __name__ == "__main__":
    typer.run(main)
