"""`python -m tooling.matching.evaluate LABELLED.csv [--database-url URL] [--batch 1000]`."""
from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import asyncpg
import typer

from services.monitor.matching import MatchResult
from services.monitor.matching.weights import DEFAULT_MODEL, load_model

from ..labelled import read_csv
from .breakdown import breakdown
from .runner import run_matcher
from .scores import scores_of


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
