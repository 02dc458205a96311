"""The header row of a sheet among its first rows, and the layout it belongs to."""
from itertools import islice

from shared.kit.spreadsheet.header.below import names_below
from shared.kit.spreadsheet.header.located import HeaderNotFound, Located
from shared.kit.spreadsheet.header.match import fittest, match
from shared.kit.spreadsheet.header.readings import cell_text, one_row, two_rows
from shared.kit.spreadsheet.mapping.layout import Layout

SCAN_ROWS = 20


def locate(rows, layouts: dict[str, Layout], wanted: str | None = None, merged: tuple = ()) -> Located:
    """Consumes rows up to and including the header row (and, where the header row could have
    names below it, the next row, handed back in `rest` when it is data). A header may take two
    rows: group cells (merged across their columns, `merged` as files.table.Table gives them) above
    the column names, each column then named by its own cell, by group + name (个人负担 over 总金额),
    or, where the lower cell is empty (merged down), by the upper one. Raises HeaderNotFound."""
    if wanted is not None and wanted not in layouts:
        raise HeaderNotFound(f"no layout {wanted}; this department has {', '.join(layouts)}")
    candidates = [layouts[wanted]] if wanted else list(layouts.values())
    best: tuple[int, int, Layout, list[str]] | None = None  # (missing, row, layout, missing headers)
    above = None
    for n, cells in islice(rows, SCAN_ROWS):
        readings = [one_row(cells)]
        if above is not None and any(cell_text(c) for c in above[1]):
            readings.append(two_rows(above, cells, merged))
        found = [(layout, match(layout, n, reading)) for reading in readings for layout in candidates]
        if (located := fittest(n, found)) is not None:
            if any(located is x for _, x in found[:len(candidates)]):  # a one-row reading
                return names_below(located, cells, rows, candidates, merged)
            return located
        for layout, x in found:
            if isinstance(x, list) and (best is None or len(x) < best[0]):
                best = (len(x), n, layout, x)
        above = (n, cells)
    if best is None:
        raise HeaderNotFound(f"no header row in the first {SCAN_ROWS} rows; expected the columns of "
                             f"{_expected(candidates)}")
    _, n, layout, missing = best
    raise HeaderNotFound(f"row {n} looks like the header of {layout.title} ({layout.name}) but lacks "
                         f"{'、'.join(missing)}", n, tuple(missing))


def _expected(candidates: list[Layout]) -> str:
    return "; ".join(f"{l.title} ({l.name}): {'、'.join(c.header for c in l.columns.values() if c.required)}"
                     for l in candidates)
