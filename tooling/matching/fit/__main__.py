"""`python -m tooling.matching.fit TRAIN.csv [--out services/monitor/matching/data/model.json]`."""
from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import asyncpg
import typer

from services.monitor.matching.weights import DEFAULT_MODEL, FSModel

from ..labelled import read_csv
from .model import fit


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
