"""`python -m tooling.simulate DEPARTMENT --people people.csv [--to-file FILE]`: a month of one
department's synthetic events, published to its Kafka topic (some deliberately dirty), or
written as its monthly spreadsheet for `python -m services.<department> import FILE`.

Was `python -m services.<department> simulate`; the options are the same.
"""
import asyncio
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from shared import logging as slog
from shared.kit.spreadsheet.files.table import SUFFIXES
from shared.kit.spreadsheet.files.writing import CSV_ENCODINGS
from shared.settings import InfraSettings, load_or_exit
from tooling.simulate.departments import SIMULATED, department_of, simulator_of
from tooling.simulate.monthly_file import write_month_file
from tooling.simulate.noise import Noise
from tooling.simulate.people import read_people
from tooling.simulate.publish import simulate

console = Console()
app = typer.Typer(add_completion=False, help="Department simulators (offline tooling).")


def _department(code: str):
    try:
        simulator_of(code)
        return department_of(code)
    except LookupError:
        raise typer.BadParameter(f"{code!r}: one of {', '.join(SIMULATED)}") from None


@app.command()
def main(
    department: str = typer.Argument(..., help=f"department code: {', '.join(SIMULATED)}"),
    people: Path = typer.Option(..., exists=True, dir_okay=False, help="CSV of synthetic people (tooling.simulate.people)"),
    month: str = typer.Option("2026-10", help="month to simulate, YYYY-MM"),
    count: int = typer.Option(2000, min=1, help="events to publish (rows to write with --to-file)"),
    seed: int = typer.Option(1, help="random seed; same seed, same events"),
    unknown_rate: float = typer.Option(Noise.unknown_person, min=0, max=1),
    bad_id_rate: float = typer.Option(Noise.bad_check_character, min=0, max=1),
    malformed_rate: float = typer.Option(Noise.malformed_json, min=0, max=1),
    to_file: Path | None = typer.Option(None, help=f"write the month as this department's file instead "
                                                   f"({', '.join(SUFFIXES)}) for `import`"),
    layout: str | None = typer.Option(None, help="file layout (default: the department's first)"),
    bad_rate: float = typer.Option(0.01, min=0, max=1, help="with --to-file: share of rows with one defect each"),
    encoding: str = typer.Option("utf-8", help=f"with a .csv file: {', '.join(CSV_ENCODINGS)}"),
) -> None:
    """Publish a month of DEPARTMENT's events (with some deliberately dirty ones), or
    write them as the department's monthly spreadsheet."""
    dept = _department(department)
    slog.configure(dept.code, level="WARNING")
    start = date.fromisoformat(month + "-01")
    try:
        persons = read_people(people)
    except ValueError as exc:
        Console(stderr=True).print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if to_file is not None:
        written = write_month_file(dept, persons, start, count, seed, to_file, layout=layout,
                                   bad_rate=bad_rate, encoding=encoding)
        console.print(f"{dept.code}: wrote {written.rows} rows ({written.layout}) to {to_file}, "
                      f"{len(written.bad_rows)} bad: " + " ".join(f"{k}={v}" for k, v in sorted(written.defects.items())))
        return
    settings = load_or_exit(InfraSettings, f"{dept.code} simulation")
    counts = asyncio.run(simulate(dept, persons, start, count, seed, settings.kafka_bootstrap_servers,
                                  settings.partition_key_secret, Noise(unknown_rate, bad_id_rate, malformed_rate)))
    console.print(f"{dept.code}: published {sum(counts.values())} events " +
                  " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
