"""The error report written beside the imported file: `<file>.errors.csv`."""
import csv
from pathlib import Path

from shared.kit.importing.summary import ImportSummary

REPORT_COLUMNS = ("row", "column", "value", "reason")  # with "sheet" first for a workbook of several sheets


def default_report(path: Path) -> Path:
    return path.with_name(f"{path.stem}.errors.csv")


def write_report(summary: ImportSummary, several: bool) -> None:
    """Bad rows, then rows imported with a warning and rows skipped (totals, footers, sheets not
    read), each with the reason saying which it is; a workbook of several sheets adds the sheet."""
    lines = sorted(summary.errors + summary.warnings + summary.skipped, key=summary.place)
    # UTF-8 with BOM: Excel on Chinese Windows opens it with the right characters.
    with open(summary.report, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(("sheet", *REPORT_COLUMNS) if several else REPORT_COLUMNS)
        for e in lines:
            writer.writerow((e.sheet, e.row, e.column, e.value, e.reason) if several else
                            (e.row, e.column, e.value, e.reason))
