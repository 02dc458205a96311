"""Resident IDs in matching: the comparison levels, the one-edit neighbours used for blocking,
and what the matcher added to shared/resident_id/ (a cached birth-place check, clean())."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from services.monitor.matching.blocking.neighbours import id_neighbours
from services.monitor.matching.comparisons.fields import compare_id
from services.monitor.matching.comparisons.levels import ID_LEVELS
from services.monitor.matching.comparisons.prepared import prepare_id
from shared.resident_id import InvalidResidentId, clean, normalise
from tests.unit.builders import VALID_15, VALID_ID, with_check

ONE_EDIT = ID_LEVELS.index("one_edit")


@st.composite
def valid_ids(draw) -> str:
    county = draw(st.sampled_from(["653101", "653121", "653125", "653130"]))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)))
    return with_check(f"{county}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}")


def substitute(rid: str, i: int, digit: str) -> str:
    return rid[:i] + digit + rid[i + 1:]


def transpose(rid: str, i: int) -> str:
    return rid[:i] + rid[i + 1] + rid[i] + rid[i + 2:]


# --- shared/resident_id/ -------------------------------------------------------------------

def test_an_unknown_county_under_a_known_prefecture_is_rejected_not_a_crash():
    # python-stdnum 2.2 raises KeyError('county') for 653102 (no such county under 6531).
    raw = with_check("65310219900101123")
    with pytest.raises(InvalidResidentId) as info:
        normalise(raw)
    assert info.value.reason == "bad_birth_date_or_place"


@given(st.text(alphabet="0123456789Xx -０１２３４５６７８９Ｘ\u3000", max_size=22))
def test_clean_keeps_exactly_the_letters_and_digits_in_upper_case(raw):
    import unicodedata
    expected = "".join(c for c in unicodedata.normalize("NFKC", raw) if c.isalnum()).upper()
    assert clean(raw) == expected


@given(valid_ids())
def test_the_cached_birth_place_check_agrees_with_python_stdnum(rid):
    assert normalise(rid).value == ric.validate(rid)


# --- comparison levels -----------------------------------------------------------------------

def test_an_id_one_substitution_away_is_one_edit():
    assert compare_id(substitute(VALID_ID, 9, "7"), VALID_ID) == ONE_EDIT


def test_an_id_with_two_neighbouring_digits_swapped_is_one_edit():
    assert compare_id(transpose(VALID_ID, 10), VALID_ID) == ONE_EDIT


def test_a_15_digit_id_is_widened_before_comparing():
    assert prepare_id(VALID_15) == VALID_ID
    assert compare_id(prepare_id(VALID_15), VALID_ID) == ID_LEVELS.index("same_body")


def test_a_15_digit_id_with_a_typo_is_one_edit_from_the_person_despite_its_recomputed_check_character():
    typo = prepare_id(substitute(VALID_15, 12, "9"))
    assert typo[-1] != VALID_ID[-1] and compare_id(typo, VALID_ID) == ONE_EDIT


def test_a_missing_or_unusable_id_is_not_compared():
    assert prepare_id("") is None and prepare_id("无") is None and prepare_id("13912345678") is None
    assert compare_id(None, VALID_ID) is None


def test_full_width_digits_compare_like_ascii():
    assert prepare_id(VALID_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == VALID_ID


# --- neighbours for blocking ------------------------------------------------------------------

@given(valid_ids(), st.integers(0, 17), st.sampled_from("0123456789"))
def test_the_true_id_is_among_the_neighbours_of_any_single_substitution(rid, i, digit):
    typo = substitute(rid, i, digit)
    if typo != rid:
        assert rid in id_neighbours(typo)


@given(valid_ids(), st.integers(0, 16))
def test_the_true_id_is_among_the_neighbours_of_any_adjacent_transposition(rid, i):
    typo = transpose(rid, i)
    if typo != rid:
        assert rid in id_neighbours(typo)


def test_an_x_check_character_swapped_into_the_body_is_found():
    assert "65310120030106000X" in id_neighbours("6531012003010600X0")  # found by hypothesis


@given(valid_ids(), st.integers(0, 17))
def test_the_true_id_is_among_the_neighbours_of_a_deleted_digit(rid, i):
    assert rid in id_neighbours(rid[:i] + rid[i + 1:])


@given(valid_ids())
def test_a_valid_id_has_no_neighbours_to_look_up(rid):
    assert id_neighbours(rid) == []


@given(valid_ids(), st.integers(0, 16), st.sampled_from("0123456789"))
def test_every_neighbour_is_a_valid_id(rid, i, digit):
    for n in id_neighbours(substitute(rid, i, digit)):
        assert ric.calc_check_digit(n) == n[-1]
