"""An export without a bad row applied in one transaction: the first load (an empty registry)
by COPY with indexes and match keys built after (registry.load.copy_into), a re-import as a
difference (services.monitor.registry.difference.apply_difference). A
failure anywhere rolls the whole transaction back: the registry is as it was."""
from __future__ import annotations

from pathlib import Path

import asyncpg

from shared.db import apply_migrations

from .difference import apply_difference
from .fast_load import copy_frames
from .fast_read import Frames
from .load import copy_into
from .rows import Household

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"

class _DryRun(Exception):
    """Raised to roll a dry run's transaction back."""


async def apply_households(dsn: str, households: list[Household] | Frames, *, export_name: str, dry_run: bool,
                           progress: bool = False) -> str:
    """What was done, as a line for the summary (counts only). `households` as rows, or as the
    frames of an export read column-wise (fast_read). Raises RegistryDifferenceError (an export
    the registry cannot take), asyncpg errors."""
    conn = await asyncpg.connect(dsn)
    try:
        await apply_migrations(conn, "monitor", MIGRATIONS)
        try:
            async with conn.transaction():
                # No other load at the same time: a second import waits here for the first.
                await conn.execute("LOCK TABLE monitor.households IN SHARE ROW EXCLUSIVE MODE")
                if not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM monitor.households)"):
                    if dry_run:
                        raise _DryRun("the registry is empty: the export would be its first load (COPY)")
                    if isinstance(households, Frames):
                        seconds = await copy_frames(conn, households)
                    else:
                        seconds = (await copy_into(conn, households, progress=progress,
                                                   total_households=len(households))).seconds
                    return f"first load by COPY: indexes and match keys built after, {seconds:.1f} s"
                rows = households.rows() if isinstance(households, Frames) else households
                summary = await apply_difference(conn, rows, export_name=export_name, dry_run=dry_run)
                outcome = f"re-import as a difference: {summary.line()}"
                if dry_run:
                    raise _DryRun(outcome)
                return outcome
        except _DryRun as done:
            return f"dry run, nothing applied; {done}"
    finally:
        await conn.close()

