"""Rows of a batch as one array per column, for a single `INSERT ... SELECT FROM unnest($1::t[], ...)`.

asyncpg's `executemany` executes its statement once per row: one server execution each, and one
firing each of every statement-level trigger (the monitor's audit log, migration 016, writes and
seals a row per firing). `unnest` of one array per column makes a batch one statement and one firing.
PostgreSQL arrays are rectangular, so a column whose value is itself an array (text[]) cannot be an
unnest argument: pass each value as JSON text (`json_arrays`) and turn it back in the statement with
`ARRAY(SELECT jsonb_array_elements_text(x::jsonb))`.
"""
import json
from collections.abc import Iterable, Sequence


def columns(rows: Sequence[Sequence], width: int) -> list[list]:
    """`rows` (each of `width` values) as `width` lists, column by column; [[]] * width for none."""
    return [list(column) for column in zip(*rows)] if rows else [[] for _ in range(width)]


def json_arrays(values: Iterable[Iterable[str]]) -> list[str]:
    """Each inner sequence as JSON array text (see the module's note on columns of arrays)."""
    return [json.dumps(list(v), ensure_ascii=False) for v in values]
