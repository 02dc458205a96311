"""`python -m tooling.matching.noise --records 20000 --seed 2 --out test.csv` (reads DATABASE_URL)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import typer

from ..labelled import LabelledRecord, write_csv
from .sets import build


def main(out: Path, records: int = 20000, seed: int = 2,
         database_url: str = typer.Option(..., envvar="DATABASE_URL", help="PostgreSQL URL of the registry")) -> None:
    """Write a labelled CSV made from the registry in DATABASE_URL with the default noise rates."""
    async def run() -> list[LabelledRecord]:
        conn = await asyncpg.connect(database_url)
        try:
            return await build(conn, records, seed)
        finally:
            await conn.close()
    recs = asyncio.run(run())
    write_csv(out, recs)
    print(f"{len(recs)} labelled records written to {out}")


if __name__ == "__main__":
    typer.run(main)
