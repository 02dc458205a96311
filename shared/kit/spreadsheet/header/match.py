"""A row's header readings matched against a layout, and the best of several matches."""
from shared.kit.spreadsheet.header.located import HeaderNotFound, Located
from shared.kit.spreadsheet.mapping.folding import fold, in_wan_yuan
from shared.kit.spreadsheet.mapping.layout import Layout


def match(layout: Layout, row: int, readings: list[tuple[str, ...]]) -> Located | list[str] | None:
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


def fittest(n: int, found: list[tuple[Layout, object]]) -> Located | None:
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
