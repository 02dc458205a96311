"""Measure the matcher on a labelled file against the registry in the database.

    python -m tooling.matching.evaluate LABELLED.csv [--database-url URL] [--batch 1000]

LABELLED.csv: resident_id,name,gender,birth_date,village_code,true_resident_id (empty
true_resident_id = not in the registry). Only automatic links count as predictions:
precision = right links / links; recall = right links / records whose person is in the
registry; review = share of records sent to review. rps = records per second through
`match_batch` (database round trips included, CSV reading excluded). The last line is
exactly `precision=P recall=R f1=F review=S rps=N`.
"""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import typer

from services.monitor.matching import MatchResult, match_batch
from services.monitor.matching.weights import DEFAULT_MODEL, FSModel, load_model

from .labelled import LabelledRecord, as_match_records, read_csv


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


async def run_matcher(conn: asyncpg.Connection, recs: Sequence[LabelledRecord], model: FSModel, batch: int = 1000,
                      use_variants: bool = True) -> tuple[list[MatchResult], float]:
    """All results and the seconds spent in match_batch."""
    people = as_match_records(recs)
    results: list[MatchResult] = []
    started = time.perf_counter()
    for i in range(0, len(people), batch):
        results += await match_batch(conn, people[i:i + batch], model=model, use_variants=use_variants)
    return results, time.perf_counter() - started


def scores_of(recs: Sequence[LabelledRecord], results: Sequence[MatchResult]) -> Scores:
    return score([r.true_resident_id for r in recs], [x.resident_id if x.band == "link" else None for x in results],
                 [x.band == "review" for x in results])


def breakdown(recs: Sequence[LabelledRecord], results: Sequence[MatchResult]) -> list[str]:
    """Per noise tag (from the noise generator): records, those in the registry, right and wrong
    links, review, and people in the registry left unlinked."""
    rows: dict[str, Counter] = {}
    for r, x in zip(recs, results):
        linked = x.band == "link"
        outcome = {"records": 1, "in_registry": bool(r.true_resident_id), "review": x.band == "review",
                   "right": linked and x.resident_id == r.true_resident_id,
                   "wrong": linked and x.resident_id != r.true_resident_id,
                   "missed": bool(r.true_resident_id) and not (linked and x.resident_id == r.true_resident_id)}
        for tag in r.noise or ("clean",):
            rows.setdefault(tag.split(":")[0] if tag.startswith("dot") else tag, Counter()).update(outcome)
    cols = ("records", "in_registry", "right", "wrong", "review", "missed")
    lines = [f"{'noise':<30}" + "".join(f"{c:>12}" for c in cols)]
    for tag, c in sorted(rows.items(), key=lambda kv: -kv[1]["records"]):
        lines.append(f"{tag:<30}" + "".join(f"{c[k]:>12}" for k in cols))
    return lines


def main(labelled: Path, database_url: str = typer.Option(..., envvar="DATABASE_URL", help="PostgreSQL URL of the registry"),
         model_path: Path = typer.Option(DEFAULT_MODEL, "--model"), batch: int = 1000,
         show_breakdown: bool = typer.Option(True, "--breakdown/--no-breakdown")) -> None:
    """Precision, recall, F1, review share and records per second of the matcher on LABELLED."""
    recs = read_csv(labelled)
    model = load_model(model_path)

    async def run() -> tuple[list[MatchResult], float]:
        conn = await asyncpg.connect(database_url)
        try:
            return await run_matcher(conn, recs, model, batch)
        finally:
            await conn.close()
    results, seconds = asyncio.run(run())
    s = scores_of(recs, results)
    methods = Counter(f"{x.method}/{x.band}" for x in results)
    print(f"records {len(recs)}, in registry {s.positives}, links {s.links} ({s.wrong_links} wrong), "
          f"{seconds:.2f} s in match_batch, batches of {batch}")
    print("by method/band: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())))
    if show_breakdown and any(r.noise for r in recs):
        print("\n".join(breakdown(recs, results)))
    print(s.line(len(recs) / seconds if seconds else 0.0))


if __name__ == "__main__":
    typer.run(main)
