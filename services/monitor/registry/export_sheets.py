"""The sheets of an export's files, each matched to a part (households, members) of one layout
by its header row (the kit's header search: title rows above it, two-row headers)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shared.kit.spreadsheet.files.reading import read_tables
from shared.kit.spreadsheet.files.table import FileRefused, Table
from shared.kit.spreadsheet.header.locate import locate
from shared.kit.spreadsheet.header.located import HeaderNotFound, Located

from .export_errors import ExportRefused
from .export_layouts import ExportLayout


@dataclass
class Sheet:
    file: str
    table: Table
    part: str  # households | members
    located: Located


def located_sheets(paths: list[Path], layouts: dict[str, ExportLayout], wanted: str | None,
                   tables: Callable[[Path], list[Table]] | None = None) -> tuple[ExportLayout, list[Sheet]]:
    """The layout the files are in and their data sheets. Raises ExportRefused for a missing or
    unreadable file, an unknown layout, a sheet no layout fits, sheets of two layouts, or a
    layout part no sheet holds. `tables` reads a file's tables (default: whole, by the kit)."""
    if wanted is not None and wanted not in layouts:
        raise ExportRefused(f"unknown layout {wanted}: the mapping has {', '.join(layouts)}")
    chosen = [layouts[wanted]] if wanted else list(layouts.values())
    parts = {f"{l.name}.{p}": (l, p) for l in chosen for p in l.parts}
    candidates = {name: chosen_layout.parts[p] for name, (chosen_layout, p) in parts.items()}
    found: list[tuple[ExportLayout, Sheet]] = []
    for path in paths:
        for table in (tables or _tables)(path):
            if table.not_data:
                continue
            where = f"{path.name}{'/' + table.sheet if table.sheet else ''}"
            try:
                located = locate(table.rows, candidates, None, table.merged)
            except HeaderNotFound as exc:
                if exc.row is None and table.sheet and not table.total:
                    continue  # an empty extra sheet of a workbook
                raise ExportRefused(f"{where}: {exc}") from None
            layout, part = parts[located.layout.name]
            found.append((layout, Sheet(path.name, table, part, located)))
    return _one_layout(found)


def _tables(path: Path) -> list[Table]:
    if not path.is_file():
        raise ExportRefused(f"{path}: no such file")
    try:
        return read_tables(path)
    except FileRefused as exc:
        raise ExportRefused(f"{path.name}: {exc}") from None


def _one_layout(found: list[tuple[ExportLayout, Sheet]]) -> tuple[ExportLayout, list[Sheet]]:
    if not found:
        raise ExportRefused("no sheet with the header of a known layout")
    names = {layout.name for layout, _ in found}
    if len(names) > 1:
        raise ExportRefused(f"the files mix the layouts {' and '.join(sorted(names))}; give the files of one "
                            "export (or choose one with --layout)")
    layout = found[0][0]
    missing = [layout.parts[p].title for p in layout.parts if not any(s.part == p for _, s in found)]
    if missing:
        raise ExportRefused(f"layout {layout.name} ({layout.title}) needs a sheet or file of "
                            f"{'、'.join(missing)}; none was given")
    return layout, [s for _, s in found]
