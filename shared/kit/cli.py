"""Command line of every department service:
`python -m services.<department> serve | import FILE`. (The simulator that writes a month of
synthetic events is offline tooling: `python -m tooling.simulate <department> ...`.)"""
from shared.settings import TopicSettings, load_or_exit

# shared.topics reads TOPIC_PREFIX when it is imported (by the imports below, which therefore come
# after this): a bad one stops here, with its name.
load_or_exit(TopicSettings, "department service")

import asyncio
from pathlib import Path

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from shared import logging as slog
from shared.kit.auth import parse_keys
from shared.kit.department import Department
from shared.kit.import_job import run_import
from shared.kit.importer import CHUNK_ROWS, ImportRefused, ImportSummary, import_file
from shared.kit.mapping import MappingError
from shared.kit.service import build_app
from shared.kit.settings import DepartmentSettings
from shared.kit.sheets import SUFFIXES
from shared.settings import InfraSettings

console = Console()


def run(dept: Department) -> None:
    cli = typer.Typer(help=f"{dept.name_zh} ({dept.code}) department service", add_completion=False)

    @cli.command()
    def serve(host: str = "127.0.0.1", port: int = typer.Option(dept.http_port, help="HTTP port")) -> None:
        """Run the HTTP API and the task subscriber until SIGTERM."""
        slog.configure(dept.code)
        settings = load_or_exit(DepartmentSettings, f"{dept.code} service")  # before the port opens
        try:
            app = build_app(dept, settings, parse_keys(settings.department_api_keys))
        except (ValidationError, ValueError) as exc:  # e.g. no key for this department
            console.print(f"[red]cannot start:[/red] {exc}")
            raise typer.Exit(2) from None
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)

    @cli.command("simulate", hidden=True,
                 context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def simulate_moved() -> None:
        """Moved to the offline tooling: says where."""
        Console(stderr=True).print(f"[red]the simulator is offline tooling now:[/red] run "
                      f"`python -m tooling.simulate {dept.code} --people FILE ...` (same options)")
        raise typer.Exit(2)

    @cli.command("import")
    def import_cmd(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, help=f"the department's file: {', '.join(SUFFIXES)}"),
        dry_run: bool = typer.Option(False, "--dry-run", help="check every row and write the report; publish "
                                                              "nothing (needs no database or Kafka)"),
        layout: str | None = typer.Option(None, help="layout name (default: recognised from the header row)"),
        report: Path | None = typer.Option(None, help="error report (default: FILE.errors.csv beside the file)"),
        chunk_rows: int = typer.Option(CHUNK_ROWS, min=1, help="rows per database transaction; a run that is "
                                                               "killed keeps every whole chunk it committed"),
    ) -> None:
        """Import a monthly spreadsheet: good rows become events, each bad row a line of the error report.

        Exit status: 0 every row imported; 1 some rows bad (the good ones are imported: fix the bad
        ones and import the file again, nothing is published twice); 2 the file was refused."""
        slog.configure(dept.code, level="WARNING")
        settings = None if dry_run else load_or_exit(InfraSettings, f"{dept.code} import")
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task(f"{dept.code}: {file.name}", total=None)
            progress = lambda row, total: bar.update(task, completed=row, total=total)  # noqa: E731
            try:
                summary = asyncio.run(
                    import_file(dept, file, pool=None, layout=layout, report=report, on_progress=progress) if dry_run
                    else run_import(dept, file, settings, layout=layout, report=report, chunk_rows=chunk_rows,
                                    on_progress=progress))
            except ImportRefused as exc:
                console.print(f"[red]{dept.code}: {file.name} refused:[/red] {exc}\nerror report: {exc.summary.report}")
                raise typer.Exit(2) from None
            except MappingError as exc:
                console.print(f"[red]{dept.code}: import mapping unusable:[/red] {exc}")
                raise typer.Exit(2) from None
        print_summary(dept, summary)
        raise typer.Exit(1 if summary.bad_rows else 0)

    cli()


def print_summary(dept: Department, s: ImportSummary, out: Console = console) -> None:
    out.print(f"{dept.code}: {s.file.name} — {s.title} ({s.layout}), {s.rows:,} rows in {s.seconds:.1f} s")
    if s.resumed_after_rows is not None:
        out.print(f"  the previous run of this file stopped after {s.resumed_after_rows:,} rows; this run completed it")
    if s.dry_run:
        out.print(f"  dry run: {s.published:,} rows would be sent (earlier imports not checked), "
                  f"{s.repeated:,} repeat an earlier row, {s.bad_rows:,} bad")
    else:
        out.print(f"  published {s.published:,} · already published before {s.already:,} · "
                  f"repeated in the file {s.repeated:,} · bad {s.bad_rows:,}")
    if len(s.sheets) > 1 or s.skipped_sheets:
        out.print(f"  sheets read: {'、'.join(s.sheets)}")
    for sheet, why in s.skipped_sheets:
        out.print(f"  sheet skipped: {sheet} ({why})")
    rows = [e for e in s.skipped if e.row]
    if rows:
        out.print(f"  rows skipped (totals, signatures, footers; not bad rows): {_rows(rows)}")
    if s.cut_ids:
        out.print(f"  [yellow]warning:[/yellow] resident IDs that look cut by a spreadsheet (ending in 000, or stored "
                  f"as a number: only 15 digits kept) in {_rows(s.cut_ids)}; those that are not valid IDs are bad "
                  "rows, the valid ones were imported and the monitor does not link them on the ID alone: check "
                  "them against the source")
    if s.ignored_columns:
        out.print(f"  columns not imported: {'、'.join(s.ignored_columns)}")
    if s.waiting:
        out.print(f"  {s.waiting:,} events wait in the outbox (Kafka did not take them in time); the department "
                  "service publishes them")
    counts = [f"{len(s.errors):,} bad rows"] + [f"{len(lines):,} {what}" for lines, what in
                                                ((s.warnings, "warnings"), (s.skipped, "skipped")) if lines]
    out.print(f"  error report: {s.report} ({', '.join(counts)})")


def _rows(lines) -> str:
    """Row numbers for the summary: "rows 7, 9" or, for several sheets, "村一 row 7, 村二 row 3"."""
    places = [(e.sheet, e.row) if hasattr(e, "sheet") else e for e in lines]
    if not any(sheet for sheet, _ in places):
        return "rows " + ", ".join(str(n) for _, n in places)
    return ", ".join(f"{sheet} row {n}" for sheet, n in places)
