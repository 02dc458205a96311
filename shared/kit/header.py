"""Finding a file's header row and the layout it belongs to. Exports often carry a title row
or two above the header, so the first rows are searched, not only the first."""
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice

from shared.kit.mapping import WAN_UNIT, YUAN_UNIT, Layout, fold, in_wan_yuan
from shared.kit.sheets import FileRefused

SCAN_ROWS = 20


@dataclass
class Located:
    layout: Layout
    row: int
    positions: dict[str, int]  # column -> cell index
    headers: dict[str, str]  # column -> header as written in the file
    ignored: list[str] = field(default_factory=list)  # headers that fill no field (序号, 备注 ...)
    rest: list = field(default_factory=list)  # rows read after the header that are data: read them first


class HeaderNotFound(FileRefused):
    def __init__(self, message: str, row: int | None = None, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.row, self.missing = row, missing


def locate(rows, layouts: dict[str, Layout], wanted: str | None = None, merged: tuple = ()) -> Located:
    """Consumes rows up to and including the header row (and, where the header row could have
    names below it, the next row, handed back in `rest` when it is data). A header may take two
    rows: group cells (merged across their columns, `merged` as sheets.Table gives them) above
    the column names, each column then named by its own cell, by group + name (个人负担 over 总金额),
    or, where the lower cell is empty (merged down), by the upper one. Raises HeaderNotFound."""
    if wanted is not None and wanted not in layouts:
        raise HeaderNotFound(f"no layout {wanted}; this department has {', '.join(layouts)}")
    candidates = [layouts[wanted]] if wanted else list(layouts.values())
    best: tuple[int, int, Layout, list[str]] | None = None  # (missing, row, layout, missing headers)
    above = None
    for n, cells in islice(rows, SCAN_ROWS):
        readings = [_one_row(cells)]
        if above is not None and any(_text(c) for c in above[1]):
            readings.append(_two_rows(above, cells, merged))
        found = [(layout, _match(layout, n, reading)) for reading in readings for layout in candidates]
        if (located := _fittest(n, found)) is not None:
            if any(located is x for _, x in found[:len(candidates)]):  # a one-row reading
                return _names_below(located, cells, rows, candidates, merged)
            return located
        for layout, x in found:
            if isinstance(x, list) and (best is None or len(x) < best[0]):
                best = (len(x), n, layout, x)
        above = (n, cells)
    if best is None:
        names = "; ".join(f"{l.title} ({l.name}): {'、'.join(c.header for c in l.columns.values() if c.required)}"
                          for l in candidates)
        raise HeaderNotFound(f"no header row in the first {SCAN_ROWS} rows; expected the columns of {names}")
    _, n, layout, missing = best
    raise HeaderNotFound(f"row {n} looks like the header of {layout.title} ({layout.name}) but lacks "
                         f"{'、'.join(missing)}", n, tuple(missing))


def _fittest(n: int, found: list[tuple[Layout, object]]) -> Located | None:
    """Per layout the complete reading with most columns (the earlier reading on a tie); two
    layouts fitting equally well are refused."""
    complete: dict[str, Located] = {}
    for layout, x in found:
        if isinstance(x, Located) and (layout.name not in complete or
                                       len(x.positions) > len(complete[layout.name].positions)):
            complete[layout.name] = x
    if not complete:
        return None
    ranked = sorted(complete.values(), key=lambda x: -len(x.positions))
    if len(ranked) > 1 and len(ranked[0].positions) == len(ranked[1].positions):
        raise HeaderNotFound(f"row {n} fits the layouts {ranked[0].layout.name} and "
                             f"{ranked[1].layout.name}; choose one with --layout", n)
    return ranked[0]


def _names_below(located: Located, cells: list, rows, candidates: list[Layout], merged: tuple) -> Located:
    """A header row that is complete on its own may still be the group row of two: 个人负担 merged
    over 自付 and 总金额 fills the burden from the wrong column unless the names below are read.
    Only where the row has room for names below (a merged range across columns, or an empty
    cell) is the next row read; it is the header's second row when it names columns itself."""
    n = located.row
    spans = any(r0 == n - 1 and c1 > c0 for (r0, c0), (r1, c1) in merged)
    if not spans and all(_text(c) for c in cells):
        return located
    below = next(rows, None)
    if below is None:
        return located
    two = [(layout, _match(layout, below[0], _two_rows((n, cells), below[1], merged))) for layout in candidates]
    lower = _fittest(below[0], two)
    if lower is not None and lower.layout is located.layout and lower.headers != located.headers \
            and len(lower.positions) >= len(located.positions):
        return lower
    located.rest = [below]
    return located


def _text(cell) -> str:
    return str(cell).strip() if cell is not None else ""


def _one_row(cells: list) -> list[tuple[str, ...]]:
    """Each cell's header readings, most specific first (here only its own text)."""
    return [(t,) if (t := _text(c)) else () for c in cells]


def _two_rows(above: tuple[int, list], cells: list, merged: tuple) -> list[tuple[str, ...]]:
    """Readings of a header over two rows: group + name, then name; the group where no name."""
    groups = _groups(above, max(len(above[1]), len(cells)), merged)
    readings = []
    for i, group in enumerate(groups):
        name = _text(cells[i]) if i < len(cells) else ""
        readings.append((_joined(group, name), name) if group and name else (name or group,) if name or group else ())
    return readings


def _joined(group: str, name: str) -> str:
    """Group + name as one header, the group's unit moved to the end: 个人负担（元） over 总金额 reads
    as 个人负担总金额（元）, so the unit is recognised (or a 万元 column refused) as on one row."""
    group = _squeezed(group)
    unit = _unit(group)
    if unit is None:
        return f"{group}{name}"
    return f"{group[:unit.start()]}{name}" + ("" if _unit(_squeezed(name)) else unit.group(0))


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def _unit(text: str) -> re.Match | None:
    return WAN_UNIT.search(text) or YUAN_UNIT.search(text)


def _groups(above: tuple[int, list], width: int, merged: tuple) -> list[str]:
    """The upper row's text over every column it covers: across its merged range, or (a file
    without merge information, a CSV) from the last group cell on until the next one."""
    n, cells = above
    texts = [_text(cells[i]) if i < len(cells) else "" for i in range(width)]
    if merged:
        for (r0, c0), (r1, c1) in merged:
            if r0 == n - 1 and c1 > c0:  # a range starting in this row (0-based rows)
                texts[c0 + 1:c1 + 1] = [texts[c0]] * len(texts[c0 + 1:c1 + 1])
        return texts
    for i in range(1, width):
        texts[i] = texts[i] or texts[i - 1]
    return texts


def _match(layout: Layout, row: int, readings: list[tuple[str, ...]]) -> Located | list[str] | None:
    """Located when every required column is there; else the missing headers (None if nothing matched)."""
    positions, headers, ignored = {}, {}, []
    for i, texts in enumerate(readings):
        if not texts:
            continue
        text, key, col = next(((t, k, c) for t in texts for k in (fold(t),) for c in layout.columns.values()
                               if k in c.headers), (texts[0], None, None))
        if col is None:
            _refuse_wan_yuan(layout, row, texts)
            ignored.append(text)
        elif col.name in positions and col.headers.index(fold(headers[col.name])) <= col.headers.index(key):
            ignored.append(text)  # two spellings of one column: the mapping's preferred one wins
        else:
            if col.name in positions:
                ignored.append(headers[col.name])
            positions[col.name], headers[col.name] = i, text
    if not positions:
        return None
    missing = [c.header for c in layout.columns.values() if c.required and c.name not in positions]
    return missing or Located(layout, row, positions, headers, ignored)


def _refuse_wan_yuan(layout: Layout, row: int, texts: tuple[str, ...]) -> None:
    """An amount column in 万元 (ten thousand yuan) is refused rather than read as yuan."""
    for text in texts:
        bare = in_wan_yuan(fold(text))
        col = next((c for c in layout.columns.values() if c.kind == "yuan" and bare in c.headers), None)
        if col is not None:
            raise HeaderNotFound(f"row {row}: {text} gives amounts in 万元 (ten thousand yuan) and the import reads "
                                 f"元; convert the column to 元 and name it {col.header}", row)
