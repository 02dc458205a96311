"""Resident ID (居民身份证号码) normalisation and validation: shared/resident_id/.

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


# --- county codes: any code that ever existed, whatever the birth year (issue 15, 2.1) -------
# (county code, a birth year outside the years python-stdnum's cn/loc.dat gives the code)

CREATED_AFTER_BIRTH = [
    ("653201", 1950),  # [1983-]和田市
    ("654004", 1975),  # [2014-]霍尔果斯市
    ("654203", 1940),  # [2021-]沙湾市
    ("653228", 1960),  # [2024-]和康县
    ("110118", 1932),  # [2015-]密云区
    ("540624", 1985),  # [2017-]安多县
    ("141181", 1962),  # [2003-]孝义市
]
ABOLISHED_BEFORE_BIRTH = [
    ("110103", 2015),  # [-2010]崇文区
    ("322625", 1990),  # [-1983]金坛县
    ("652201", 2018),  # [-2016]哈密市
]


@pytest.mark.parametrize("county, year", CREATED_AFTER_BIRTH + ABOLISHED_BEFORE_BIRTH)
def test_a_county_code_is_accepted_whatever_the_birth_year(county, year):
    rid = with_check(f"{county}{year}0315{year % 1000:03d}")
    assert not ric.is_valid(rid)  # python-stdnum's birth-year condition, which normalise leaves out
    result = normalise(rid)
    assert (result.value, result.county_code, result.birth_date) == (rid, county, date(year, 3, 15))


@pytest.mark.parametrize("county, year", CREATED_AFTER_BIRTH[:3])
def test_a_15_digit_id_with_a_county_code_created_after_the_birth_year_is_accepted(county, year):
    result = normalise(f"{county}{year % 100:02d}0704123")
    assert result.value == with_check(f"{county}{year}0704123")


@pytest.mark.parametrize("county", ["653102", "659999", "653199", "000000", "999999", "110199", "653300", "460500"])
def test_a_county_code_that_never_existed_is_still_refused_with_a_clear_reason(county):
    for first17 in (f"{county}19900101123", f"{county}19500101123"):
        with pytest.raises(InvalidResidentId, match="region code") as info:
            normalise(with_check(first17))
        assert info.value.reason == "bad_birth_date_or_place"


def test_a_15_digit_id_with_an_unknown_county_code_is_refused():
    assert reason_of("653102900101123") == "bad_birth_date_or_place"


# --- 15-digit IDs of people over 100: sequence 996-999, century 18 (issue 15, 2.2) ----------

@pytest.mark.parametrize("sequence", ["996", "997", "998", "999"])
@pytest.mark.parametrize("county, yymmdd", [("653101", "950315"), ("653125", "990101"), ("653131", "001231"),
                                            ("110101", "880229")])
def test_a_15_digit_id_with_a_centenarian_sequence_is_an_18xx_birth(county, yymmdd, sequence):
    result = normalise(f"{county}{yymmdd}{sequence}")
    assert result.value == with_check(f"{county}18{yymmdd}{sequence}")
    assert result.birth_date == date(1800 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    assert result.gender == ("M" if int(sequence) % 2 else "F")
    assert normalise(result.value).value == result.value  # the 18-character form keeps its century


@pytest.mark.parametrize("sequence", ["995", "990", "899", "000", "123", "969"])
def test_every_other_15_digit_id_is_a_19xx_birth(sequence):
    result = normalise(f"653101950315{sequence}")
    assert result.value == with_check(f"65310119950315{sequence}")
    assert result.birth_date == date(1995, 3, 15)


def test_a_15_digit_centenarian_id_with_a_day_that_18xx_never_had_is_refused():
    assert reason_of("653101000229997") == "bad_birth_date_or_place"  # 1800 was not a leap year


@pytest.mark.parametrize("rid", [with_check("65310118950315997"), with_check("65312518700101012"),
                                 with_check("11010118991231996")])
def test_an_18_digit_id_born_before_1900_is_accepted(rid):
    assert normalise(rid).birth_date.year < 1900


# --- characters: only separators are removed, anything else refuses the ID (issue 15, 2.3) ---

FORBIDDEN = {
    "zero-width space": "\u200b", "zero-width non-joiner": "\u200c", "zero-width joiner": "\u200d",
    "byte order mark": "\ufeff", "word joiner": "\u2060", "soft hyphen": "\u00ad", "left-to-right mark": "\u200e",
    "right-to-left override": "\u202e", "emoji": "\U0001F600", "emoji with variation selector": "\u2764\ufe0f",
    "flag": "\U0001F1E8\U0001F1F3", "variation selector": "\ufe0f", "combining accent": "\u0301",
    "NUL": "\x00", "bell": "\x07", "tab": "\t", "line feed": "\n", "carriage return": "\r", "DEL": "\x7f",
    "next line": "\x85", "line separator": "\u2028", "paragraph separator": "\u2029", "full stop": ".",
    "slash": "/", "underscore": "_", "comma": ",", "plus": "+", "asterisk": "*", "middle dot": "·",
    "ideographic full stop": "。", "full-width full stop": "．", "apostrophe": "'", "private use": "\ue000",
    "replacement character": "\ufffd", "tilde": "~", "wave dash": "\u301c",
}


def _no_part_of_the_id_in(message: str, rid: str) -> bool:
    return not any(rid[i:i + 6] in message for i in range(len(rid) - 5))


@pytest.mark.parametrize("char", FORBIDDEN.values(), ids=FORBIDDEN.keys())
@pytest.mark.parametrize("position", [1, 6, 14, 17])
def test_a_character_that_is_neither_digit_x_nor_separator_inside_the_id_refuses_it(char, position):
    raw = VALID_ID[:position] + char + VALID_ID[position:]
    with pytest.raises(InvalidResidentId) as info:
        normalise(raw)
    assert info.value.reason == "bad_character"
    assert f"U+{ord(char[0]):04X}" in str(info.value) and _no_part_of_the_id_in(str(info.value), VALID_ID)


@pytest.mark.parametrize("raw", [VALID_X_ID[:10] + "\u200b" + VALID_X_ID[10:].lower(),
                                 VALID_15[:6] + "\U0001F60A" + VALID_15[6:],
                                 "\ufeff" + VALID_ID, VALID_ID + "\u200b", VALID_ID.translate(FULL_WIDTH) + "。"])
def test_a_forbidden_character_refuses_the_id_in_any_form(raw):
    assert reason_of(raw) == "bad_character"


def test_only_a_forbidden_character_is_not_an_empty_id():
    assert reason_of("\u200b") == "bad_character"


@pytest.mark.parametrize("raw", ["6531011990Ａ1011235", "６５３１０１１９９０ａ１０１１２３５", "653101199001011２3Ｙ"])
def test_a_letter_other_than_x_is_refused_in_either_width(raw):
    assert reason_of(raw) in ("bad_format", "bad_length")


@pytest.mark.parametrize("raw", ["٦٥٣١٠١١٩٩٠٠١٠١١٢٣٥", "65310119900101123⁵", "6531011990010112③5", "65310119900101123ⅹ"[:18]])
def test_digits_of_other_scripts_or_forms_are_refused_not_folded(raw):
    assert reason_of(raw) == "bad_format"


SEPARATORS = {
    "space": " ", "no-break space": "\u00a0", "ogham space": "\u1680", "en quad": "\u2000", "em quad": "\u2001",
    "en space": "\u2002", "em space": "\u2003", "three-per-em space": "\u2004", "four-per-em space": "\u2005",
    "six-per-em space": "\u2006", "figure space": "\u2007", "punctuation space": "\u2008", "thin space": "\u2009",
    "hair space": "\u200a", "narrow no-break space": "\u202f", "medium mathematical space": "\u205f",
    "ideographic space": "\u3000", "hyphen-minus": "-", "hyphen": "\u2010", "non-breaking hyphen": "\u2011",
    "figure dash": "\u2012", "en dash": "\u2013", "em dash": "\u2014", "horizontal bar": "\u2015",
    "minus sign": "\u2212", "small hyphen-minus": "\ufe63", "full-width hyphen-minus": "\uff0d",
}


@pytest.mark.parametrize("sep", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_a_separator_people_type_between_the_groups_is_removed(sep):
    for raw in (f"653101{sep}19900101{sep}1235", f"{sep}{sep}{VALID_ID}{sep}", f"653101{sep * 2}900101{sep}123"):
        result = normalise(raw)
        assert result.value == VALID_ID and result.changed is True


def test_every_unicode_space_is_a_separator():
    import sys
    import unicodedata

    from shared.resident_id import SPACES
    assert set(SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"}


@pytest.mark.parametrize("raw", [VALID_ID + "\n", "\t" + VALID_ID + "\r\n", " " + VALID_ID + "\u3000\n"])
def test_whitespace_around_the_id_is_removed_as_a_cell_or_a_pasted_line_leaves_it(raw):
    assert normalise(raw).value == VALID_ID


@pytest.mark.parametrize("raw", [VALID_X_ID[:-1] + "ｘ", VALID_X_ID[:-1] + "Ｘ", VALID_X_ID.lower(),
                                 VALID_X_ID.translate(FULL_WIDTH)[:-1] + "ｘ", "６５３１０１－１９９００１０１－００３ｘ"])
def test_x_is_accepted_in_either_case_and_either_width(raw):
    assert normalise(raw).value == VALID_X_ID


@given(st.text(alphabet="0123456789Xx -０１２３４５６７８９Ｘｘ\u3000\u00a0\u2013\uff0d", max_size=24),
       st.text(alphabet=st.characters(blacklist_categories=("L", "N", "Zs")), min_size=1, max_size=2))
def test_no_character_outside_digits_x_and_separators_is_ever_removed_silently(prefix, inserted):
    from shared.resident_id import HYPHENS
    assume(not any(c in HYPHENS for c in inserted))
    raw = "1" + prefix + inserted + "2"  # inside: whitespace only at the ends is removed
    with pytest.raises(InvalidResidentId) as info:
        normalise(raw)
    assert info.value.reason == "bad_character"


# --- clean(): what the matcher compares -------------------------------------------------------

@given(st.text(max_size=30))
def test_clean_gives_only_ascii_letters_digits_and_the_unknown_mark(raw):
    from shared.resident_id import UNKNOWN, clean
    assert all((c.isascii() and c.isalnum() and not c.islower()) or c == UNKNOWN for c in clean(raw))


def test_clean_keeps_a_forbidden_character_as_one_unknown_character_in_its_place():
    from shared.resident_id import UNKNOWN, clean
    assert clean(VALID_ID[:9] + "\U0001F600" + VALID_ID[9:]) == VALID_ID[:9] + UNKNOWN + VALID_ID[9:]
    assert clean("６５３１０１ 1990-0101\u200b1235") == "65310119900101" + UNKNOWN + "1235"


@pytest.mark.parametrize("raw", ["፩" * 17 + "1", VALID_ID[:16] + "²" + VALID_ID[17:], VALID_ID[:16] + "③" + VALID_ID[17:],
                                 VALID_ID[:9] + "\U0001F600" + VALID_ID[9:], VALID_ID[:9] + "\u200b" + VALID_ID[9:]])
def test_the_matcher_compares_an_id_with_forbidden_characters_without_failing(raw):
    from services.monitor.matching.blocking.neighbours import id_neighbours
    from services.monitor.matching.comparisons.fields import compare_id
    from services.monitor.matching.comparisons.prepared import prepare_id
    prepared = prepare_id(raw)
    neighbours = id_neighbours(prepared)  # python-stdnum's int(..., 13) would fail on a digit of another script
    if prepared is not None and len(prepared) == 19:  # one character too many: deleting it gives the person's ID
        assert VALID_ID in neighbours and compare_id(prepared, VALID_ID) == 1


# Around the ID only what a cell or a pasted line leaves is removed (spaces, tab, CR, LF), not
# the information separators and other controls that str.strip() also takes.
@pytest.mark.parametrize("control", ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\x0b", "\x0c", "\x00", "\u2028"])
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_control_character_around_the_id_refuses_it(control, where):
    raw = control + VALID_ID if where == "before" else VALID_ID + control
    with pytest.raises(InvalidResidentId) as caught:
        normalise(raw)
    assert caught.value.reason == "bad_character"
    assert VALID_ID not in str(caught.value)


@pytest.mark.parametrize("around", ["\t", "\r\n", "\n", " ", "\u3000", "\u00a0", "\t \r\n"])
def test_what_a_cell_or_a_pasted_line_leaves_around_the_id_is_removed(around):
    assert normalise(around + VALID_ID + around).value == VALID_ID


def test_a_control_character_alone_is_not_an_empty_id():
    with pytest.raises(InvalidResidentId) as caught:
        normalise("\x1f")
    assert caught.value.reason == "bad_character"


@pytest.mark.parametrize("born", ["17991231", "01000101", "17000615"])
def test_an_id_born_before_1800_is_refused_like_the_contracts_birth_date(born):
    with pytest.raises(InvalidResidentId) as caught:
        normalise(with_check("653101" + born + "123"))
    assert caught.value.reason == "bad_birth_date_or_place"


def test_an_id_born_on_the_first_day_of_1800_is_accepted():
    assert normalise(with_check("65310118000101123")).birth_date == date(1800, 1, 1)
