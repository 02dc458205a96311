"""Finding a file's header row and the layout it belongs to. Exports often carry a title row
or two above the header, so the first rows are searched, not only the first."""
from dataclasses import dataclass, field
from itertools import islice

from shared.kit.mapping import Layout, fold
from shared.kit.sheets import FileRefused

SCAN_ROWS = 20


@dataclass
class Located:
    layout: Layout
    row: int
    positions: dict[str, int]  # column -> cell index
    headers: dict[str, str]  # column -> header as written in the file
    ignored: list[str] = field(default_factory=list)  # headers that fill no field (序号, 备注 ...)


class HeaderNotFound(FileRefused):
    def __init__(self, message: str, row: int | None = None, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.row, self.missing = row, missing


def locate(rows, layouts: dict[str, Layout], wanted: str | None = None) -> Located:
    """Consumes rows up to and including the header row. Raises HeaderNotFound."""
    if wanted is not None and wanted not in layouts:
        raise HeaderNotFound(f"no layout {wanted}; this department has {', '.join(layouts)}")
    candidates = [layouts[wanted]] if wanted else list(layouts.values())
    best: tuple[int, int, Layout, list[str]] | None = None  # (missing, row, layout, missing headers)
    for n, cells in islice(rows, SCAN_ROWS):
        found = [_match(layout, n, cells) for layout in candidates]
        complete = sorted((x for x in found if x is not None and isinstance(x, Located)),
                          key=lambda x: -len(x.positions))
        if complete:
            if len(complete) > 1 and len(complete[0].positions) == len(complete[1].positions):
                raise HeaderNotFound(f"row {n} fits the layouts {complete[0].layout.name} and "
                                     f"{complete[1].layout.name}; choose one with --layout", n)
            return complete[0]
        for layout, x in zip(candidates, found):
            if isinstance(x, list) and (best is None or len(x) < best[0]):
                best = (len(x), n, layout, x)
    if best is None:
        names = "; ".join(f"{l.title} ({l.name}): {'、'.join(c.header for c in l.columns.values() if c.required)}"
                          for l in candidates)
        raise HeaderNotFound(f"no header row in the first {SCAN_ROWS} rows; expected the columns of {names}")
    _, n, layout, missing = best
    raise HeaderNotFound(f"row {n} looks like the header of {layout.title} ({layout.name}) but lacks "
                         f"{'、'.join(missing)}", n, tuple(missing))


def _match(layout: Layout, row: int, cells: list) -> Located | list[str] | None:
    """Located when every required column is there; else the missing headers (None if nothing matched)."""
    positions, headers, ignored = {}, {}, []
    for i, cell in enumerate(cells):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        key = fold(text)
        col = next((c for c in layout.columns.values() if key in c.headers), None)
        if col is None:
            ignored.append(text)
        elif col.name in positions and col.headers.index(fold(headers[col.name])) <= col.headers.index(key):
            ignored.append(text)  # two spellings of one column: the mapping's earlier one wins
        else:
            if col.name in positions:
                ignored.append(headers[col.name])
            positions[col.name], headers[col.name] = i, text
    if not positions:
        return None
    missing = [c.header for c in layout.columns.values() if c.required and c.name not in positions]
    return missing or Located(layout, row, positions, headers, ignored)
