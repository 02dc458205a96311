"""The sheets of a file with a recognised header row; the others skipped or refused, and said so."""
from shared.kit.department import Department
from shared.kit.importing.report import write_report
from shared.kit.importing.summary import ImportRefused, ImportSummary
from shared.kit.spreadsheet.files.table import Table
from shared.kit.spreadsheet.header.locate import locate
from shared.kit.spreadsheet.header.located import HeaderNotFound, Located
from shared.kit.spreadsheet.rows.results import RowError


def located_sheets(dept: Department, tables: list[Table], layout: str | None,
                   summary: ImportSummary) -> list[tuple[Table, Located]]:
    """The sheets to read, their layouts named in `summary`. Raises ImportRefused (the report
    written) when no sheet has a known header row."""
    several = len(tables) > 1
    found, refusals = locate_sheets(dept, tables, layout, summary)
    if not found:
        write_report(summary, several)
        message = refusals[0][1] if not several else "no sheet of the workbook has a known header row; " + \
            "; ".join(f"{sheet}: {why}" for sheet, why in refusals + summary.skipped_sheets)
        raise ImportRefused(message, summary)
    layouts = list(dict.fromkeys((f.layout.name, f.layout.title) for _, f in found))
    summary.layout, summary.title = ", ".join(n for n, _ in layouts), "、".join(t for _, t in layouts)
    summary.ignored_columns = list(dict.fromkeys(h for _, f in found for h in f.ignored))
    return found


def locate_sheets(dept: Department, tables: list[Table], layout: str | None,
                  summary: ImportSummary) -> tuple[list[tuple[Table, Located]], list[tuple[str, str]]]:
    """The sheets with a recognised header row, and (sheet, why) for those that nearly fit a
    layout (a required column missing): an error of the file, since their rows are not imported.
    A sheet with no known header at all (notes, an empty Sheet2), hidden or a chart, is skipped and named."""
    found, refused = [], []
    for table in tables:
        sheet = table.sheet or ""
        if table.not_data:
            _skip_sheet(summary, sheet, table.not_data)
            continue
        try:
            found.append((table, locate(table.rows, dept.layouts, layout, table.merged)))
            summary.sheets.append(sheet)
        except HeaderNotFound as exc:
            if exc.row is None and len(tables) > 1:  # no header of any layout: not a data sheet
                _skip_sheet(summary, sheet, "empty" if not table.total else str(exc))
                continue
            refused.append((sheet, str(exc)))
            summary.errors += [RowError(exc.row, header, "", "required column not found", sheet)
                               for header in exc.missing] or [RowError(exc.row or 0, "", "", str(exc), sheet)]
    return found, refused


def _skip_sheet(summary: ImportSummary, sheet: str, why: str) -> None:
    summary.skipped_sheets.append((sheet, why))
    summary.skipped.append(RowError(0, "", sheet, f"sheet skipped: {why}", sheet))
