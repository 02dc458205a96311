"""export_earner's rule (the household's main earner) over a frame of members at once. The rule
itself is written down in export_earner; tests/unit/test_registry_fast_path.py checks that this
picks the same member as export_earner.with_main_earner on generated households."""
from __future__ import annotations

from datetime import date

import polars as pl

from .export_earner import WORKING_AGE, _RANK
from .export_people import ABLE_SKILLS


def with_main_earners(members: pl.DataFrame, on: date) -> pl.DataFrame:
    """`members` (household_id, birth_date, labour_skill, work_status, relation, in export order)
    with able_to_work and main_earner columns."""
    born = pl.col("birth_date")
    age = (on.year - born.dt.year()
           - ((born.dt.month() > on.month) | ((born.dt.month() == on.month) & (born.dt.day() > on.day))).cast(pl.Int32))
    able = pl.col("labour_skill").is_in(list(ABLE_SKILLS)).fill_null(False)
    ranked = members.with_columns(able.alias("able_to_work")).with_row_index("_i").with_columns(
        _eligible=pl.col("able_to_work") & age.is_between(*WORKING_AGE),
        _working=pl.col("work_status").str.starts_with("working").fill_null(False),
        _rank=pl.col("relation").replace_strict(_RANK, default=0, return_dtype=pl.Int8))
    # Best key first (working, then head/spouse, then the oldest); among equals the first row.
    earners = (ranked.filter("_eligible").sort(["_working", "_rank", "birth_date", "_i"],
                                               descending=[True, True, False, False])
               .group_by("household_id").agg(pl.col("_i").first()).get_column("_i"))
    return ranked.with_columns(main_earner=pl.col("_i").is_in(earners.implode())).drop(
        "_i", "_eligible", "_working", "_rank")
