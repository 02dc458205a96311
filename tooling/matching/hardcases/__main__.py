"""`python -m tooling.matching.hardcases [--families 300] [--seed 15015]` (reads DATABASE_URL)."""
from __future__ import annotations

import asyncio

import asyncpg
import typer

from services.monitor.matching.weights import load_model

from .people import FAMILIES, SEED
from .run import run
from .scores import HardScores


def main(families: int = FAMILIES, seed: int = SEED,
         database_url: str = typer.Option(..., envvar="DATABASE_URL", help="PostgreSQL URL of the registry")) -> None:
    """Match the hard-case set with the shipped model; print a table and the agreed line."""
    async def go() -> HardScores:
        conn = await asyncpg.connect(database_url)
        try:
            return await run(conn, load_model(), families, seed)
        finally:
            await conn.close()
    s = asyncio.run(go())
    print("\n".join(s.table()))
    print(s.line())


if __name__ == "__main__":
    typer.run(main)
