"""`python -m services.monitor.registry import FILE... [--dry-run] [--mapping FILE] [--database-url URL]`:
an export read, checked and (when it has no bad row) applied. The last line printed is
`households=H persons=P bad_rows=E` (households and member rows in the export). Exit status: 0
applied (or, with --dry-run, valid); 1 bad rows, nothing applied; 2 refused (a missing file, an
unknown layout, a mapping that does not fit, no database, the re-import module missing)."""
from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional
from zoneinfo import ZoneInfo

import asyncpg
import typer

from shared.kit.spreadsheet.mapping.spec import MappingError

from .export_apply import apply_households
from .export_errors import ExportRefused
from .export_layouts import DEFAULT_MAPPING, load_export_mapping
from .export_progress import Ticker
from .export_reading import ExportRead, read_export
from .export_report import write_reports
from .fast_read import FastRead, fast_read

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def summary_line(read: ExportRead | FastRead | None) -> str:
    if read is None:
        return "households=0 persons=0 bad_rows=0"
    return f"households={read.households_read} persons={read.persons_read} bad_rows={read.bad_rows}"


def import_export(
    files: Annotated[list[Path], typer.Argument(help="the export's files (.xlsx or .csv): one, or households and members")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check every row and write the reports; apply nothing")] = False,
    mapping: Annotated[Path, typer.Option(help="layouts of the export (export_mapping.yaml)")] = DEFAULT_MAPPING,
    database_url: Annotated[Optional[str], typer.Option(envvar="DATABASE_URL", help="PostgreSQL DSN")] = None,
    layout: Annotated[Optional[str], typer.Option(help="layout name (default: recognised from the header rows)")] = None,
    income_year: Annotated[Optional[int], typer.Option(help="year of the incomes when the export has no 收入年度 "
                                                             "column (default: last year)")] = None,
    progress: Annotated[bool, typer.Option(help="a progress line on stderr every few seconds")] = True,
) -> None:
    """Load the household registry from the monitoring information system's export."""
    ticker = Ticker() if progress else Ticker(out=None)
    today = datetime.now(LOCAL_TZ).date()
    read = None
    try:
        if not dry_run and not database_url:
            raise ExportRefused("give --database-url (or DATABASE_URL), or --dry-run to check the files only")
        layouts = load_export_mapping(mapping)
        year = income_year or today.year - 1
        read = fast_read(files, layouts, layout=layout, income_year=year, on=today)
        if isinstance(read, str):
            ticker.say(f"reading row by row ({read})")
            read = read_export(files, layouts, layout=layout, income_year=year, on=today, ticker=ticker)
        reports = write_reports(files, read.errors)
        ticker.say(f"{read.rows:,} rows read in {time.perf_counter() - ticker.started:.1f} s "
                   f"(layout {read.layout.name}); error report: {', '.join(map(str, reports))}")
        if read.errors:
            typer.echo(f"nothing applied: {read.bad_rows:,} bad rows ({len(read.errors):,} problems); see the "
                       f"error report{'s' if len(reports) > 1 else ''} {', '.join(map(str, reports))}")
            _last(read, 1)
        if dry_run and not database_url:
            typer.echo("dry run: every row is valid; nothing applied")
            _last(read, 0)
        typer.echo(asyncio.run(apply_households(database_url, read.households, export_name=files[0].name,
                                                dry_run=dry_run)))
    except (ExportRefused, MappingError) as exc:
        typer.echo(f"refused: {exc}", err=True)
        typer.echo(f"nothing applied: {exc}")
        _last(read, 2)
    except (OSError, asyncpg.PostgresError) as exc:
        typer.echo(f"nothing applied: the database failed ({database_failure(exc)}); the registry is as it was")
        _last(read, 2)
    _last(read, 0)


def database_failure(exc: Exception) -> str:
    """The failure without its detail, which may quote a row (a resident ID, a name)."""
    if isinstance(exc, asyncpg.PostgresError):
        where = [f"{k} {v}" for k, v in (("SQLSTATE", exc.sqlstate), ("table", exc.table_name),
                                         ("constraint", exc.constraint_name)) if v]
        return f"{type(exc).__name__}, {', '.join(where)}"
    return f"{type(exc).__name__}: {exc.strerror or exc}"


def _last(read: ExportRead | FastRead | str | None, status: int) -> None:
    read = None if isinstance(read, str) else read
    typer.echo(summary_line(read))
    raise typer.Exit(status)
