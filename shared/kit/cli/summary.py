"""The import's summary on the terminal: what was published, what was bad or skipped and where,
and where the error report is."""
from rich.console import Console

from shared.kit.department import Department
from shared.kit.importing.summary import ImportSummary

console = Console()


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
