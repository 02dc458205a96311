"""The checks of an export's households and members over whole columns, for the common case.

Each check only answers "is every row plainly fine?": the first that says no sends the whole
export down the row-by-row path (export_reading.read_export), which finds and words every problem
with its file, sheet, row and column. Where a rule has a verdict of its own (place codes,
category, income year, resident IDs) the row-by-row function is called on each distinct value,
so its rule is written once. Tied to the row-by-row path by tests/unit/test_registry_fast_path.py
(whatever this accepts, read_export accepts too and builds the same households).
"""
from __future__ import annotations

from datetime import date

import polars as pl

from .export_checks import category_of, place_problems, village_code_of, year_problem
from .export_fields import HOUSEHOLD_FIELDS, KEY
from .export_households import REQUIRED as HOUSEHOLD_REQUIRED
from .export_people import REQUIRED as MEMBER_REQUIRED
from .fast_ids import birth_dates, genders, normalised_ids

_PLACE_FIELDS = ("county", "township", "village", "county_code", "township_code", "village_code")
#: A 户编号 that is plain ASCII letters and digits: no totals or signature row (export_rows._may_be_summary).
_PLAIN_KEY = r"^[A-Za-z0-9]+$"


class NotPlain(Exception):
    """The export is not the common case; `why` says which check (no row contents)."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def members_checked(members: pl.DataFrame, today: date) -> pl.DataFrame:
    """Members with resident IDs normalised and 性别 / 出生日期 filled from them (or agreeing with
    them). Raises NotPlain."""
    for field in (KEY, *MEMBER_REQUIRED):
        if field not in members.columns or members.get_column(field).null_count():
            raise NotPlain(f"a member without {field}")
    if not members.get_column(KEY).str.contains(_PLAIN_KEY).all():
        raise NotPlain("a household number that is not plain letters and digits")
    ids = normalised_ids(members, "resident_id", today)
    if ids is None:
        raise NotPlain("a resident ID the normal-form check does not pass")
    if ids.is_duplicated().any():
        raise NotPlain("a resident ID given twice")
    out = members.with_columns(ids.alias("resident_id"))
    id_gender, id_born = genders(pl.col("resident_id")), birth_dates(pl.col("resident_id"))
    given = [pl.col(f) for f in ("gender", "birth_date") if f in out.columns]
    out = out.with_columns(
        (pl.col("gender").fill_null(id_gender) if "gender" in out.columns else id_gender).alias("gender"),
        (pl.col("birth_date").fill_null(id_born) if "birth_date" in out.columns else id_born).alias("birth_date"))
    if given and not out.select((pl.col("gender") == id_gender) & (pl.col("birth_date") == id_born)).to_series().all():
        raise NotPlain("性别 or 出生日期 disagrees with the resident ID")
    return out


def households_checked(households: pl.DataFrame | None, members: pl.DataFrame, *, members_first: bool,
                       income_year: int, on: date) -> pl.DataFrame:
    """One row per household: its fields merged from both parts, its member count, village and
    category, in the order the row-by-row path builds them (first seen, sheets in the order
    given). Raises NotPlain."""
    if households is not None:
        if not households.get_column(KEY).str.contains(_PLAIN_KEY).all():
            raise NotPlain("a household number that is not plain letters and digits")
        if households.get_column(KEY).is_duplicated().any():
            raise NotPlain("a household number given twice")
    merged = _merged(households, members, members_first)
    counts = members.group_by(KEY).agg(members=pl.len(), heads=(pl.col("relation") == "head").sum())
    h = merged.join(counts, on=KEY, how="left", maintain_order="left")
    if households is not None and h.height != households.height:
        raise NotPlain("members of a household the households part does not have")
    for field in HOUSEHOLD_REQUIRED:
        if field not in h.columns or h.get_column(field).null_count():
            raise NotPlain(f"a household without {field}")
    if h.get_column("members").null_count() or not (h.get_column("heads") == 1).all():
        raise NotPlain("a household without members, without a head or with two")
    if not (h.get_column("members") == h.get_column("declared_members")).all():
        raise NotPlain("家庭人口数 disagrees with the member rows")
    h = h.with_columns(*(pl.lit(None, pl.String).alias(f) for f in (*_PLACE_FIELDS, "monitoring_category")
                         if f not in h.columns))
    if "income_year" not in h.columns:
        h = h.with_columns(income_year=pl.lit(None, pl.Int64))
    h = h.with_columns(pl.col("income_year").fill_null(income_year))
    h = h.with_columns(village_code=_distinct(h, _PLACE_FIELDS, _village), category=_distinct(
        h, ("household_type", "monitoring_category"), _category))
    _distinct(h, ("income_year",), lambda year: _ok(year_problem(year, on.year) is None, year))
    return h


def _merged(households: pl.DataFrame | None, members: pl.DataFrame, members_first: bool) -> pl.DataFrame:
    """Household fields as one row per household; a field given on several rows must agree (a
    household whose member rows give it partly blank is left to the row-by-row path too)."""
    fields = [f for f in HOUSEHOLD_FIELDS if f in members.columns]
    given = members.select(KEY, *fields).unique(maintain_order=True)
    if given.get_column(KEY).is_duplicated().any():
        raise NotPlain("household fields that disagree between member rows")
    if households is None:
        return given
    if given.join(households, on=KEY, how="anti").height:
        raise NotPlain("members of a household the households part does not have")
    base = households
    if members_first:  # first seen in the members part
        base = given.select(KEY).join(households, on=KEY, how="left", maintain_order="left")
        if base.height != households.height:
            raise NotPlain("a household without member rows")
    merged = base.join(given, on=KEY, how="left", suffix="_m", maintain_order="left")
    for f in fields:
        if f not in households.columns:
            continue
        theirs = pl.col(f"{f}_m")
        if merged.select((pl.col(f) != theirs).fill_null(False).any()).item():
            raise NotPlain("household fields that disagree between the two parts")
        merged = merged.with_columns(pl.coalesce(f, theirs).alias(f)).drop(f"{f}_m")
    return merged


def _distinct(frame: pl.DataFrame, fields: tuple[str, ...], verdict) -> pl.Series:
    """verdict(*values) on each distinct combination, as a column; NotPlain where it refuses."""
    combos = frame.select(fields).unique()
    results = {tuple(row): verdict(*row) for row in combos.iter_rows()}
    keys = pl.DataFrame({"_k": list(range(len(results)))}).hstack(pl.DataFrame(list(results), schema=combos.schema,
                                                                                orient="row"))
    values = pl.Series("_v", list(results.values()))
    lookup = keys.with_columns(values)
    return frame.join(lookup, on=list(fields), how="left", nulls_equal=True, maintain_order="left").get_column("_v")


def _ok(good: bool, value):
    if not good:
        raise NotPlain("a household value the row-by-row checks refuse")
    return value


def _village(*values) -> str:
    fields = {f: v for f, v in zip(_PLACE_FIELDS, values) if v is not None}
    village = village_code_of(fields)
    return _ok(village is not None and not place_problems(fields, village), village)


def _category(household_type: str, monitoring: str | None) -> str:
    category, reason = category_of(household_type, monitoring)
    return _ok(reason is None, category)
