"""The column-wise resident ID check (services/monitor/registry/fast_ids.py) against the rules'
own function (shared.resident_id.normalise): it never passes an ID that normalise refuses or
changes, and it passes the IDs of the common case."""
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.monitor.registry.fast_ids import normalised_ids, plain_ids
from shared.kit.spreadsheet.values.resident_ids import parse_resident_id
from shared.resident_id import InvalidResidentId, normalise
from tests.unit.builders import with_check

pytestmark = pytest.mark.unit

TODAY = date.today()
UNKNOWN_COUNTIES = ("999999", "653102", "000000")
COUNTIES = ["653121", "653101", "653131", "110101", *UNKNOWN_COUNTIES]


def _verdict(raw: str) -> str | None:
    try:
        return normalise(parse_resident_id(raw)).value
    except (InvalidResidentId, ValueError):
        return None


@st.composite
def ids(draw) -> str:
    """Valid IDs and near misses: a wrong check character, an impossible or future day, an
    unknown county, a lower-case x, separators, full-width digits, a 15-digit ID, a cut length."""
    county = draw(st.sampled_from(COUNTIES))
    year = draw(st.integers(1790, TODAY.year + 1))
    day = f"{year:04d}{draw(st.integers(0, 13)):02d}{draw(st.integers(0, 32)):02d}"
    body = county + day + f"{draw(st.integers(0, 999)):03d}"
    rid = with_check(body)
    change = draw(st.sampled_from(["none", "check", "lower", "space", "wide", "short", "fifteen", "letter", "long"]))
    if change == "check":
        rid = rid[:17] + draw(st.sampled_from("0123456789X"))
    elif change == "lower":
        rid = rid.lower()
    elif change == "space":
        rid = rid[:6] + " " + rid[6:]
    elif change == "wide":
        rid = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in rid)
    elif change == "short":
        rid = rid[:draw(st.integers(0, 17))]
    elif change == "fifteen":
        rid = rid[:6] + rid[8:17]
    elif change == "letter":
        at = draw(st.integers(0, 17))
        rid = rid[:at] + draw(st.sampled_from("AXx.\u200b")) + rid[at + 1:]
    elif change == "long":
        rid = rid + draw(st.sampled_from("0X"))
    return rid


@settings(max_examples=400, deadline=None)
@given(ids())
def test_the_column_check_passes_only_ids_normalise_takes_unchanged(raw):
    plain = pl.DataFrame({"r": [raw]}).select(plain_ids(pl.col("r"), TODAY).fill_null(False)).item()
    verdict = _verdict(raw)
    if plain:
        # The place (the county table) is checked by normalise itself, on one ID of each prefix.
        assert verdict == raw or raw[:6] in UNKNOWN_COUNTIES
    if verdict == raw and raw[:6] in ("653121", "653101"):
        assert plain  # the common case needs no Python call


@settings(max_examples=200, deadline=None)
@given(st.lists(ids(), min_size=1, max_size=6))
def test_a_column_comes_back_as_normalise_gives_it_or_not_at_all(raws):
    out = normalised_ids(pl.DataFrame({"r": raws}), "r", TODAY)
    verdicts = [_verdict(r) for r in raws]
    if None in verdicts:
        assert out is None
    else:
        assert out is not None and out.to_list() == verdicts
