"""Resident ID (居民身份证号码) normalisation and validation: shared/resident_id.py.

Each normalisation rule is tested with an input that would be rejected without that rule;
each rejection reason with an input that produces exactly that reason.
"""
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn import ric

from shared.resident_id import InvalidResidentId, normalise
from tests.unit.builders import VALID_15, VALID_FEMALE_ID, VALID_ID, VALID_X_ID, with_check

KASHGAR_COUNTIES = ["653101", "653121", "653125"]
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def reason_of(raw) -> str:
    with pytest.raises(InvalidResidentId) as info:
        normalise(raw)
    return info.value.reason


# --- normalisation rules -------------------------------------------------------------------

def test_a_canonical_id_is_accepted_unchanged():
    result = normalise(VALID_ID)
    assert result.value == VALID_ID
    assert result.changed is False


def test_spaces_inside_and_around_the_id_are_removed():
    result = normalise(" 653101 19900101 1235 ")
    assert result.value == VALID_ID
    assert result.changed is True


def test_hyphens_between_the_groups_are_removed():
    assert normalise("653101-19900101-1235").value == VALID_ID


def test_full_width_digits_are_folded_to_ascii():
    raw = VALID_ID.translate(FULL_WIDTH)
    assert raw != VALID_ID
    result = normalise(raw)
    assert result.value == VALID_ID
    assert result.changed is True


def test_a_full_width_x_check_character_is_folded_to_ascii_x():
    raw = VALID_X_ID[:-1] + "Ｘ"
    result = normalise(raw)
    assert result.value == VALID_X_ID
    assert result.changed is True


def test_a_lower_case_x_check_character_is_accepted():
    result = normalise(VALID_X_ID.lower())
    assert result.value == VALID_X_ID
    assert result.changed is True


def test_a_15_digit_id_is_upgraded_to_18_with_the_19xx_century_and_a_computed_check_character():
    result = normalise(VALID_15)
    assert result.value == VALID_ID
    assert result.value[6:8] == "19"
    assert result.value[-1] == ric.calc_check_digit(result.value[:17] + "0")
    assert result.birth_date == date(1990, 1, 1)
    assert result.changed is True


def test_a_15_digit_id_with_spaces_is_also_upgraded():
    assert normalise("653101 900101 123").value == VALID_ID


# --- rejection reasons ---------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["", "   ", "\u3000", None])
def test_an_empty_or_blank_id_is_rejected_as_empty(raw):
    assert reason_of(raw) == "empty"


@pytest.mark.parametrize("raw", ["12345", "65310119900101123", "6531011990010112355", "6531011990010112"])
def test_an_id_of_the_wrong_length_is_rejected_as_bad_length(raw):
    assert reason_of(raw) == "bad_length"


def test_a_15_character_id_with_a_letter_is_not_upgraded_and_is_rejected_as_bad_length():
    assert reason_of("65310190010112X") == "bad_length"


def test_a_letter_among_the_first_17_characters_is_rejected_as_bad_format():
    assert reason_of("6531011990A1011235") == "bad_format"


def test_a_wrong_check_character_is_rejected_as_bad_check_character():
    assert reason_of(VALID_ID[:-1] + "6") == "bad_check_character"


def test_an_impossible_birth_date_with_a_correct_check_character_is_rejected():
    raw = with_check("65310119901301123")  # month 13
    assert reason_of(raw) == "bad_birth_date_or_place"


def test_an_unknown_region_code_with_a_correct_check_character_is_rejected():
    raw = with_check("00000019900101123")
    assert reason_of(raw) == "bad_birth_date_or_place"


def test_a_15_digit_id_with_an_impossible_birth_date_is_rejected_after_the_upgrade():
    assert reason_of("653101901301123") == "bad_birth_date_or_place"


def test_the_rejection_is_a_value_error_with_a_message():
    with pytest.raises(ValueError, match="check character"):
        normalise(VALID_ID[:-1] + "6")


def test_a_birth_date_in_the_future_is_rejected():
    assert reason_of(with_check("65310120990101123")) == "bad_birth_date_or_place"


def test_fifteen_non_decimal_unicode_digits_are_rejected_as_an_invalid_resident_id():
    assert reason_of("፩" * 15) == "bad_format"


# --- derived fields ------------------------------------------------------------------------

def test_an_odd_17th_digit_means_male():
    assert normalise(VALID_ID).gender == "M"


def test_an_even_17th_digit_means_female():
    assert normalise(VALID_FEMALE_ID).gender == "F"


def test_birth_date_and_county_code_come_from_the_id():
    raw = with_check("65312520150601002")
    result = normalise(raw)
    assert result.birth_date == date(2015, 6, 1)
    assert result.county_code == "653125"


# --- properties ----------------------------------------------------------------------------

@st.composite
def valid_ids(draw) -> str:
    county = draw(st.sampled_from(KASHGAR_COUNTIES))
    born = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2025, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    return with_check(f"{county}{born:%Y%m%d}{sequence:03d}")


@st.composite
def as_departments_send_them(draw) -> str:
    """A valid ID with the mistakes department files make: separators, full width, lower-case x."""
    chars = list(draw(valid_ids()))
    out = []
    for ch in chars:
        if draw(st.booleans()):
            ch = ch.translate(FULL_WIDTH)
        if ch in "Xx" and draw(st.booleans()):
            ch = "x"
        out.append(ch)
        out.append(draw(st.sampled_from(["", "", "", " ", "-", "\u3000"])))
    return "".join(out)


@given(as_departments_send_them())
def test_normalise_is_idempotent(raw):
    first = normalise(raw)
    second = normalise(first.value)
    assert second.value == first.value
    assert second.changed is False
    assert (second.birth_date, second.county_code, second.gender) == (first.birth_date, first.county_code,
                                                                      first.gender)


@given(st.text(alphabet="0123456789Xx -０１２３４５６７８９Ｘ", max_size=24))
def test_normalise_is_idempotent_on_anything_it_accepts(raw):
    try:
        first = normalise(raw)
    except InvalidResidentId:
        return
    assert normalise(first.value).value == first.value
    assert len(first.value) == 18


@given(valid_ids(), st.sampled_from("0123456789X"))
def test_normalise_never_accepts_a_wrong_check_character(valid, replacement):
    first17, right = valid[:17], ric.calc_check_digit(valid[:17] + "0")
    assert valid[-1] == right
    assume(replacement != right)
    with pytest.raises(InvalidResidentId) as info:
        normalise(first17 + replacement)
    assert info.value.reason == "bad_check_character"
