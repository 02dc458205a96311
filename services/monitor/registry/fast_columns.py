"""A CSV sheet of an export read into a polars frame of field values, for the common case: every
cell read by its column's own cell reader (export_cells.cell_reader, the same one the row-by-row
path uses), once per distinct cell text. None when the sheet is not the common case (a cell the
reader refuses, a row the CSV parsers could count differently, a file polars cannot parse): the
row-by-row path then reads it and reports every problem with its row."""
from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import polars as pl

from shared.kit.spreadsheet.files.csv_text import decode
from shared.kit.spreadsheet.files.table import FileRefused, Table
from shared.kit.spreadsheet.values.text import CellError

from .export_cells import cell_reader
from .export_fields import BOOLEANS, KINDS
from .export_errors import ExportRefused
from .export_sheets import Sheet

#: Bytes read to find a CSV file's header row (title rows and a two-row header fit many times over).
HEAD_BYTES = 1 << 16
#: polars type of each field's values (text and coded fields: String).
_TYPES = {"birth_date": pl.Date, "declared_members": pl.Int64, "income_year": pl.Int64,
          **dict.fromkeys(BOOLEANS, pl.Boolean)}
#: Fields whose cells are checked column-wise elsewhere (fast_ids), not read one distinct value at a time.
RAW = ("resident_id",)
#: Cells a reader reads in one obvious way, by reader kind, so that the many distinct ones (names,
#: household numbers, incomes, birth dates) need no Python call: (pattern, the value as polars
#: reads it). Text with nothing str.strip() removes at either end (Unicode white space and the
#: separators U+001C-U+001F) is itself; yuan already written with cents and no leading zero are
#: themselves (as Decimal text); an ISO day of the years 1000-2999 is that day (a day the calendar lacks: null, and the
#: row-by-row path reports it). Tied to the readers by tests/unit/test_registry_fast_path.py.
PLAIN = {"text": (r"^[^\s\x1c-\x1f](?:.*[^\s\x1c-\x1f])?$", lambda cells: cells),
         "yuan": (r"^(?:0|[1-9][0-9]{0,15})\.[0-9]{2}$", lambda cells: cells),
         "birth_date": (r"^[12][0-9]{3}-[0-9]{2}-[0-9]{2}$", lambda cells: cells.str.to_date("%Y-%m-%d", strict=False))}


def sheet_frame(path: Path, sheet: Sheet) -> pl.DataFrame | None:
    """The sheet's data rows as fields (columns named by field, absent cells null), or None."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif sheet.table.encoding not in ("utf-8", "utf-8-sig"):
        data = decode(data)[0].encode("utf-8")
    first = data.split(b"\n", 1)[0]
    skip = sheet.located.rest[0][0] - 1 if sheet.located.rest else sheet.located.row
    positions = sheet.located.positions
    try:
        raw = pl.read_csv(data, has_header=False, skip_rows=skip, infer_schema=False, quote_char='"',
                          separator="\t" if first.count(b"\t") > first.count(b",") else ",",
                          truncate_ragged_lines=False, raise_if_empty=False)
    except pl.exceptions.PolarsError:
        return None
    if raw.height != _data_lines(data, skip):
        return None  # quoted line breaks or blank lines: counted as csv.reader counts them, row by row
    if max(positions.values()) >= raw.width:
        return None
    frame = raw.select(pl.col(raw.columns[i]).alias(field) for field, i in positions.items())
    columns = sheet.located.layout.columns
    read = []
    for field in frame.columns:
        column = columns[field]
        if field in RAW:
            read.append(pl.col(field))
            continue
        pattern, fast = PLAIN.get(column.kind, (None, None)) if not column.codes else (None, None)
        cells = frame.get_column(field)
        plain = cells.str.contains(pattern).fill_null(False) if pattern else None
        mapped = _distinct_values(cells if plain is None else cells.filter(~plain), cell_reader(column))
        if mapped is None:
            return None
        looked_up = pl.col(field).replace_strict(mapped, default=None, return_dtype=_TYPES.get(field, pl.String))
        read.append(looked_up if plain is None else
                    pl.when(pl.lit(plain)).then(fast(pl.col(field))).otherwise(looked_up).alias(field))
        if plain is not None and frame.select(fast(pl.col(field)).filter(plain)).to_series().null_count():
            return None  # a plain-looking cell its reader refuses (2026-02-30): reported row by row
    return frame.select(read)


def with_absent(frame: pl.DataFrame, fields) -> pl.DataFrame:
    """`frame` with the fields it lacks (optional columns a layout's file leaves out) as nulls of
    their field's type, as the row-by-row path leaves them absent."""
    return frame.with_columns(pl.lit(None, _TYPES.get(f, pl.String)).alias(f) for f in fields if f not in frame.columns)


def _data_lines(data: bytes, skip: int) -> int:
    """Lines after the skipped ones; -1 (no frame matches) when a CR stands without its LF:
    csv.reader ends a record there, polars does not."""
    if data.count(b"\r") != data.count(b"\r\n"):
        return -1
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return lines - skip


def _distinct_values(column: pl.Series, read) -> dict | None:
    """cell text -> field value (str for yuan and text) for every distinct cell text; None when a
    cell is refused. Blank cells (empty or white space) are absent, as SheetRows reads them."""
    mapped = {}
    for raw in column.drop_nulls().unique().to_list():  # few: codes, dates, counts, odd cells
        if raw == "" or raw.isspace():
            continue
        try:
            value = read(raw)
        except CellError:
            return None
        mapped[raw] = str(value) if KINDS.get(column.name) == "yuan" else value
    return mapped


def head_tables(path: Path) -> list[Table]:
    """The first lines of a CSV file as its one table, enough to find the header row (the whole
    file is parsed by polars afterwards). Raises ExportRefused for a missing file."""
    if not path.is_file():
        raise ExportRefused(f"{path}: no such file")
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
    if len(head) == HEAD_BYTES:
        head = head[:head.rfind(b"\n") + 1]
    try:
        text, encoding = decode(head)
    except FileRefused as exc:
        raise ExportRefused(f"{path.name}: {exc}") from None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if first.count("\t") > first.count(",") else ",")
    return [Table(((n, row) for n, row in enumerate(reader, start=1)), None, encoding)]
