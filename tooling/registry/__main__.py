"""Command line: generate the synthetic registry and load it (with the monitor's COPY
loader), or write it as CSV.

    python -m tooling.registry --households 294800 --seed 20260101 \\
        --database-url postgresql://postgres@127.0.0.1:55499/postgres
    python -m tooling.registry --households 20000 --csv /tmp/registry
    python -m tooling.registry --persons 4500000 --export /tmp/export   (the prefecture, as an export)

(Was `python -m services.monitor.registry`; the options are the same.)

Prints counts and timings only (never a resident ID or name).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Optional

import typer

from .export import write_csv
from .generate.calibration import (DEFAULT_HOUSEHOLDS, DEFAULT_SEED, SEED_HOUSEHOLDS, SEED_UNDER_LINE_HOUSEHOLDS,
                                   size_mean)

#: The whole prefecture's residents (DESIGN.md section 1: ~4.5 million).
PREFECTURE_PERSONS = 4_500_000

app = typer.Typer(add_completion=False, help="Synthetic household registry of Kashgar prefecture.")


def _report(households: int, persons: int, under: int, under_persons: int, seconds: float) -> None:
    expected = SEED_UNDER_LINE_HOUSEHOLDS * households / SEED_HOUSEHOLDS if households else 0
    typer.echo(f"households        {households:>12,}")
    typer.echo(f"persons           {persons:>12,}  ({persons / max(households, 1):.3f} per household)")
    typer.echo(
        f"under 8,000 yuan  {under:>12,}  households, {under_persons:,} persons"
        f"  (seed-proportional: {expected:,.0f})"
    )
    typer.echo(f"seconds           {seconds:>12.1f}")


@app.command()
def main(
    households: Annotated[int, typer.Option(min=0, help="Number of households.")] = DEFAULT_HOUSEHOLDS,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same registry).")] = DEFAULT_SEED,
    database_url: Annotated[
        Optional[str], typer.Option(envvar="DATABASE_URL", help="PostgreSQL DSN to load into.")
    ] = None,
    csv_dir: Annotated[
        Optional[Path], typer.Option("--csv", help="Write households.csv / persons.csv here instead.")
    ] = None,
    persons: Annotated[Optional[int], typer.Option(
        min=1, help=f"Size in persons instead of households (the prefecture: {PREFECTURE_PERSONS:,}).")] = None,
    export_dir: Annotated[Optional[Path], typer.Option(
        "--export", help="Write it as the monitoring system's export (户信息.csv, 家庭成员信息.csv) here; load it "
                         "with python -m services.monitor.registry import.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar while loading.")] = True,
    drop_primary_keys: Annotated[
        bool, typer.Option(help="Drop primary keys during COPY and re-add them after.")
    ] = False,
) -> None:
    """Generate the synthetic registry and load it into PostgreSQL (or write CSV, or an export)."""
    if persons is not None:
        households = round(persons / size_mean())
    if export_dir is not None:
        import time

        from .export_file import write_export
        from .generate import generate

        started = time.perf_counter()
        paths, h, p = write_export(export_dir, generate(households, seed))
        typer.echo(f"export: {h:,} households, {p:,} persons in {time.perf_counter() - started:.1f} s: "
                   f"{', '.join(map(str, paths))}")
        return
    if csv_dir is not None:
        summary, seconds = write_csv(csv_dir, households, seed)
        _report(summary.households, summary.persons, summary.under_line_households,
                summary.under_line_persons, seconds)
        return
    if not database_url:
        raise typer.BadParameter("give --database-url (or DATABASE_URL) or --csv DIR")
    from .load import load_synthetic_registry  # asyncpg only when loading

    stats = asyncio.run(
        load_synthetic_registry(database_url, households, seed, progress, drop_primary_keys=drop_primary_keys)
    )
    _report(stats.households, stats.persons, stats.under_line, stats.under_line_persons, stats.seconds)


if __name__ == "__main__":
    app()
