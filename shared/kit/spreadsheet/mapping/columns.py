"""A layout's columns checked and compiled: each fills a field (or a key), with one reader kind."""
from shared.kit.spreadsheet.mapping.folding import code, fold
from shared.kit.spreadsheet.mapping.layout import Column, EventKind
from shared.kit.spreadsheet.mapping.spec import LayoutSpec, MappingError


def compile_columns(name: str, spec: LayoutSpec, events: dict[str, EventKind],
                    kinds: dict[str, set[str]]) -> dict[str, Column]:
    """Raises MappingError for a column that fills nothing or would be read two ways."""
    columns = {}
    for col, cs in spec.columns.items():
        used = kinds.get(col, set())
        if not used and not any(col in e.key for e in events.values()):
            raise MappingError(f"layout {name}: column {col} fills no field")
        if len(used) > 1:
            raise MappingError(f"layout {name}: column {col} would be read as {' and '.join(sorted(used))}")
        preferred = [h for h in cs.headers if h not in cs.stand_in] + cs.stand_in
        columns[col] = Column(col, cs.headers[0], tuple(map(fold, preferred)), next(iter(used), "text"),
                              cs.required, {fold(k) if isinstance(k, str) else k: val for k, val in cs.values.items()},
                              codes(cs.values))
    return columns


def codes(values: dict) -> dict:
    """What a cell may hold -> contract value: the mapping's typed forms, and the contract values
    themselves in any case (a file may write m where the mapping lists 男, c where it lists C级)."""
    typed = {code(k) if isinstance(k, str) else k: val for k, val in values.items()}
    return {code(val): val for val in values.values() if isinstance(val, str)} | typed
