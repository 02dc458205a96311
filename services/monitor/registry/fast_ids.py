"""A column of resident IDs checked at once (polars), for the common case only: 18 characters
already in their normal form (17 ASCII digits and a digit or X), the check character right, the
birth date a real day between 1800 and today. Every other ID, and one ID of each county-level
prefix (the place check), goes through shared.resident_id.normalise, which stays the only source
of the rules' verdicts and reasons (GB 11643-1999); tests/unit/test_registry_fast_ids.py ties the
two: the column check never passes an ID that normalise refuses or changes."""
from __future__ import annotations

from datetime import date

import polars as pl

from shared.contracts.types import EARLIEST_BIRTH
from shared.kit.spreadsheet.values.resident_ids import parse_resident_id
from shared.kit.spreadsheet.values.text import CellError
from shared.resident_id import InvalidResidentId, normalise

_NORMAL_FORM = r"^[0-9]{17}[0-9X]$"


def plain_ids(ids: pl.Expr, today: date) -> pl.Expr:
    """True where the ID is in its normal form with a right check character and a real birth
    date in range; False or null elsewhere (those IDs need normalise)."""
    # GB 11643-1999 check character, python-stdnum's form: (1 - 2 * (first 17 digits read in base 13)) mod 11;
    # 13**17 < 2**63, so the base-13 value fits an Int64; 10 is written X.
    body = ids.str.slice(0, 17).str.to_integer(base=13, strict=False)
    check = (23 - 2 * (body % 11)) % 11
    expected = pl.when(check == 10).then(pl.lit("X")).otherwise(check.cast(pl.String))
    born = birth_dates(ids)
    return (ids.str.contains(_NORMAL_FORM) & (ids.str.slice(17, 1) == expected)
            & born.is_between(pl.lit(EARLIEST_BIRTH), pl.lit(today)))


def birth_dates(ids: pl.Expr) -> pl.Expr:
    """Digits 7-14 of a normal-form ID as a date (null when no such day)."""
    return ids.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)


def genders(ids: pl.Expr) -> pl.Expr:
    """'M' when the 17th digit is odd, else 'F' (GB 11643-1999)."""
    return pl.when(ids.str.slice(16, 1).cast(pl.Int32) % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("F"))


def normalised_ids(frame: pl.DataFrame, column: str, today: date) -> pl.Series | None:
    """The column's IDs in their normal form (as normalise gives them), or None when any ID is
    refused by the cell reader or by normalise (the row-by-row path then reports it)."""
    plain = frame.select(plain_ids(pl.col(column), today).fill_null(False)).to_series()
    ids = frame.get_column(column)
    others = ids.filter(~plain)
    # One ID of each county-level prefix through normalise: the place check, GB/T 2260 codes.
    samples = ids.filter(plain).to_frame().group_by(ids.str.slice(0, 6).filter(plain).alias("p")).first()
    for sample in samples.get_column(column).to_list():
        if _normal(sample) != sample:
            return None  # a prefix normalise refuses: its rows get their reasons from the row-by-row path
    if others.len() == 0:
        return ids
    fixed = {raw: _normal(raw) for raw in others.unique().to_list()}
    if None in fixed.values():
        return None
    return frame.select(pl.when(plain).then(pl.col(column)).otherwise(
        pl.col(column).replace_strict(fixed, default=None, return_dtype=pl.String))).to_series()


def _normal(raw: str | None) -> str | None:
    """normalise's value for a cell as the cell reader hands it over, None when refused."""
    if raw is None or raw == "" or raw.isspace():
        return None
    try:
        return normalise(parse_resident_id(raw)).value
    except (CellError, InvalidResidentId):
        return None
