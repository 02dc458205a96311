"""`import FILE`: a monthly spreadsheet imported, its summary printed; the exit status says whether
rows were bad (1) or the file was refused (2)."""
import asyncio
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from shared import logging as slog
from shared.kit.cli.summary import console, print_summary
from shared.kit.department import Department
from shared.kit.importing.file_import import CHUNK_ROWS, import_file
from shared.kit.importing.job import run_import
from shared.kit.importing.summary import ImportRefused
from shared.kit.spreadsheet.files.table import SUFFIXES
from shared.kit.spreadsheet.mapping.spec import MappingError
from shared.settings import InfraSettings, load_or_exit


def add_import(cli: typer.Typer, dept: Department) -> None:
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
