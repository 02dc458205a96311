"""The error report beside each file: `<file>.errors.csv` (file, sheet, row, column, value,
reason), as the department importer writes it (shared/kit/importing/report.py) with the file
named too, since an export may come in several files."""
from __future__ import annotations

import csv
from pathlib import Path

from .export_errors import ExportError

REPORT_COLUMNS = ("file", "sheet", "row", "column", "value", "reason")


def report_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.errors.csv")


def write_reports(paths: list[Path], errors: list[ExportError]) -> list[Path]:
    """One report per file (an empty one for a clean file, so an old report never stays
    behind), its lines in sheet and row order; returns the reports written."""
    written = []
    for path in paths:
        mine = sorted((e for e in errors if e.place.file == path.name), key=lambda e: (e.place.sheet, e.place.row))
        target = report_path(path)
        # UTF-8 with BOM: Excel on Chinese Windows opens it with the right characters.
        with open(target, "w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(REPORT_COLUMNS)
            writer.writerows((e.place.file, e.place.sheet, e.place.row, e.column, e.value, e.reason) for e in mine)
        written.append(target)
    return written
