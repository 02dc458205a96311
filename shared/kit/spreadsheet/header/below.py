"""The row below a header row that is complete on its own: its second row, or the first data row."""
from shared.kit.spreadsheet.header.located import Located
from shared.kit.spreadsheet.header.match import fittest, match
from shared.kit.spreadsheet.header.readings import cell_text, two_rows
from shared.kit.spreadsheet.mapping.layout import Layout


def names_below(located: Located, cells: list, rows, candidates: list[Layout], merged: tuple) -> Located:
    """A header row that is complete on its own may still be the group row of two: 个人负担 merged
    over 自付 and 总金额 fills the burden from the wrong column unless the names below are read.
    Only where the row has room for names below (a merged range across columns, or an empty
    cell) is the next row read; it is the header's second row when it names columns itself."""
    n = located.row
    spans = any(r0 == n - 1 and c1 > c0 for (r0, c0), (r1, c1) in merged)
    if not spans and all(cell_text(c) for c in cells):
        return located
    below = next(rows, None)
    if below is None:
        return located
    two = [(layout, match(layout, below[0], two_rows((n, cells), below[1], merged))) for layout in candidates]
    lower = fittest(below[0], two)
    if lower is not None and lower.layout is located.layout and lower.headers != located.headers \
            and len(lower.positions) >= len(located.positions):
        return lower
    located.rest = [below]
    return located
