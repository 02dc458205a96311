"""Workbooks read with calamine: every sheet, with its merged ranges."""
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from shared.kit.spreadsheet.files.table import FileRefused, Table


def read_xlsx(path: Path) -> list[Table]:
    """Raises FileRefused for a file that is no workbook, or one without a visible worksheet."""
    try:
        book = CalamineWorkbook.from_path(str(path))
        kinds = [_not_data(m) for m in book.sheets_metadata]
        if all(kinds):
            raise FileRefused("the workbook has no visible worksheet")
        return [_table(book.get_sheet_by_index(i), m.name) if not kind else
                Table(iter(()), 0, sheet=m.name, not_data=kind)
                for i, (m, kind) in enumerate(zip(book.sheets_metadata, kinds))]
    except (CalamineError, OSError, ValueError) as exc:
        if isinstance(exc, FileRefused):
            raise
        raise FileRefused(f"not a readable Excel workbook ({type(exc).__name__})") from None


def _not_data(meta) -> str | None:
    if meta.typ != SheetTypeEnum.WorkSheet:
        return "a chart sheet" if meta.typ == SheetTypeEnum.ChartSheet else "not a worksheet"
    return None if meta.visible == SheetVisibleEnum.Visible else "hidden"


def _table(sheet, name: str) -> Table:
    # iter_rows starts at row 1 (leading empty rows included), so enumerate gives the row number.
    return Table(((n, row) for n, row in enumerate(sheet.iter_rows(), start=1)),
                 sheet.end[0] + 1 if sheet.end else 0, sheet=name, merged=tuple(sheet.merged_cell_ranges or ()))
