"""A row's cells read as headers: each cell's candidate names, most specific first, on one row or
on two (group cells above the column names)."""
import re
import unicodedata

from shared.kit.spreadsheet.mapping.folding import WAN_UNIT, YUAN_UNIT


def cell_text(cell) -> str:
    return str(cell).strip() if cell is not None else ""


def one_row(cells: list) -> list[tuple[str, ...]]:
    """Each cell's header readings, most specific first (here only its own text)."""
    return [(t,) if (t := cell_text(c)) else () for c in cells]


def two_rows(above: tuple[int, list], cells: list, merged: tuple) -> list[tuple[str, ...]]:
    """Readings of a header over two rows: group + name, then name; the group where no name."""
    groups = _groups(above, max(len(above[1]), len(cells)), merged)
    readings = []
    for i, group in enumerate(groups):
        name = cell_text(cells[i]) if i < len(cells) else ""
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
    texts = [cell_text(cells[i]) if i < len(cells) else "" for i in range(width)]
    if merged:
        for (r0, c0), (r1, c1) in merged:
            if r0 == n - 1 and c1 > c0:  # a range starting in this row (0-based rows)
                texts[c0 + 1:c1 + 1] = [texts[c0]] * len(texts[c0 + 1:c1 + 1])
        return texts
    for i in range(1, width):
        texts[i] = texts[i] or texts[i - 1]
    return texts
