"""Acceptance: resident IDs as GB 11643-1999 and real life mean them (issue part 2), through the
public normaliser `shared.resident_id.normalise` only.

- Only digits, X (either case, either width) and the separators people type (spaces of any
  width, hyphens) may be removed; any other character inside an ID is a rejection.
- A 15-digit ID with sequence 996-999 is an 18xx birth; every other 15-digit ID a 19xx one.
- A county code that ever existed is accepted whatever the birth year; an unknown one is refused.
"""
from datetime import date

import pytest

from shared.resident_id import InvalidResidentId, normalise
from tests.acceptance.ids import created_after, retired, rid, with_check

pytestmark = pytest.mark.unit

BORN = date(1985, 3, 12)
GOOD = rid("653125", BORN, 123)  # 莎车县, male
GOOD_X = "65312519850312106X"  # check character X
assert with_check(GOOD_X[:17]) == GOOD_X


def refused(raw: str) -> InvalidResidentId:
    with pytest.raises(InvalidResidentId) as exc:
        normalise(raw)
    return exc.value


def inside(text: str, at: int, extra: str) -> str:
    return text[:at] + extra + text[at:]


# --- characters that must not be silently dropped -----------------------------------------------

FORBIDDEN = {
    "emoji": "\U0001F600",
    "emoji with variation selector": "\u2764\ufe0f",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark inside": "\ufeff",
    "right-to-left override": "\u202e",
    "NUL": "\x00",
    "SOH": "\x01",
    "BEL": "\x07",
    "backspace": "\x08",
    "escape": "\x1b",
    "unit separator": "\x1f",
    "DEL": "\x7f",
    "combining acute accent": "\u0301",
    "full stop": ".",
    "slash": "/",
    "underscore": "_",
    "asterisk": "*",
    "comma": ",",
    "ideographic full stop": "\u3002",
    "middle dot": "\u00b7",
}


@pytest.mark.parametrize("where", [6, 14, 17], ids=["after county", "after birth date", "before check"])
@pytest.mark.parametrize("what", FORBIDDEN, ids=list(FORBIDDEN))
def test_an_id_with_a_character_that_is_not_a_digit_x_or_separator_inside_is_refused(what, where):
    refused(inside(GOOD, where, FORBIDDEN[what]))


@pytest.mark.parametrize("letter", ["A", "O", "I", "l", "o", "B", "\uff21", "\u0425", "\u03a7"],
                         ids=["A", "O", "I", "l", "o", "B", "fullwidth A", "cyrillic Ha", "greek Chi"])
def test_a_letter_other_than_x_inside_an_id_is_refused(letter):
    refused(inside(GOOD, 9, letter))


LOOKALIKES = {
    "circled": "⓪①②③④⑤⑥⑦⑧⑨",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "subscript": "₀₁₂₃₄₅₆₇₈₉",
}


@pytest.mark.parametrize("kind", LOOKALIKES)
@pytest.mark.parametrize("at", [3, 9, 15])
def test_a_digit_lookalike_in_place_of_the_same_digit_is_refused_not_folded(kind, at):
    # Each of these (Unicode "other number", not a decimal digit) folds (NFKC) to the very ASCII
    # digit it replaces, so a silent fold would
    # give a valid ID; a person did not type that digit.
    refused(GOOD[:at] + LOOKALIKES[kind][int(GOOD[at])] + GOOD[at + 1:])


def test_a_letter_in_place_of_a_digit_is_refused_even_when_the_rest_is_valid():
    refused(GOOD[:10] + "O" + GOOD[11:])  # letter O for zero
    refused(GOOD[:17] + "Y")


# --- separators and widths that people type -------------------------------------------------------

SEPARATORS = {
    "space": " ",
    "two spaces": "  ",
    "ideographic space": "\u3000",
    "no-break space": "\u00a0",
    "en space": "\u2002",
    "thin space": "\u2009",
    "hyphen-minus": "-",
    "fullwidth hyphen-minus": "\uff0d",
    "hyphen": "\u2010",
    "non-breaking hyphen": "\u2011",
}


@pytest.mark.parametrize("sep", SEPARATORS, ids=list(SEPARATORS))
def test_an_id_grouped_with_a_typed_separator_is_the_same_id(sep):
    s = SEPARATORS[sep]
    for raw in (f"{GOOD[:6]}{s}{GOOD[6:14]}{s}{GOOD[14:]}", f"{s}{GOOD}{s}", f"{GOOD_X[:6]}{s}{GOOD_X[6:]}"):
        n = normalise(raw)
        assert n.value == raw.replace(s, "").strip(), sep
        assert n.birth_date in (BORN,)


FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("raw, expected", [
    (GOOD.translate(FULL), GOOD),
    (GOOD_X.translate(FULL)[:-1] + "Ｘ", GOOD_X),
    (GOOD_X.translate(FULL)[:-1] + "ｘ", GOOD_X),
    (GOOD_X[:-1] + "x", GOOD_X),
    (GOOD_X[:-1] + "ｘ", GOOD_X),
    (GOOD_X[:6] + "\u3000" + GOOD_X[6:-1].translate(FULL) + "ｘ", GOOD_X),
    (GOOD[:6] + "－" + GOOD[6:].translate(FULL), GOOD),
], ids=["fullwidth digits", "fullwidth X", "fullwidth small x", "small x", "ascii + ｘ",
        "ideographic space and fullwidth", "fullwidth hyphen and digits"])
def test_full_width_digits_and_any_x_are_the_same_id(raw, expected):
    n = normalise(raw)
    assert n.value == expected and n.changed


def test_a_plain_id_is_unchanged():
    n = normalise(GOOD)
    assert (n.value, n.changed, n.birth_date, n.gender) == (GOOD, False, BORN, "M")


# --- 15-digit IDs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("seq, yymmdd, born", [
    ("996", "950501", date(1895, 5, 1)),
    ("997", "991231", date(1899, 12, 31)),
    ("998", "040229", date(1804, 2, 29)),
    ("999", "860117", date(1886, 1, 17)),
    ("996", "000101", date(1800, 1, 1)),
])
def test_a_15_digit_id_with_sequence_996_to_999_is_an_18xx_birth(seq, yymmdd, born):
    n = normalise(f"653101{yymmdd}{seq}")
    assert n.birth_date == born
    assert n.value == with_check(f"653101{born:%Y%m%d}{seq}")
    assert n.gender == ("M" if int(seq[-1]) % 2 else "F")


@pytest.mark.parametrize("seq", ["995", "001", "123", "990", "899"])
def test_every_other_15_digit_id_is_a_19xx_birth(seq):
    n = normalise(f"653125950501{seq}")
    assert n.birth_date == date(1995, 5, 1)
    assert n.value == with_check(f"65312519950501{seq}")


def test_a_centenarian_15_digit_id_typed_in_full_width_or_with_spaces_is_still_18xx():
    for raw in ("653101950501997".translate(FULL), "653101 950501 997"):
        assert normalise(raw).birth_date == date(1895, 5, 1)


def test_a_centenarian_from_a_county_created_later_is_accepted():
    # 650402 (高昌区) was created in 2015: the code of the office that issued the ID, not of the birth.
    n = normalise("650402950501998")
    assert n.birth_date == date(1895, 5, 1) and n.county_code == "650402"


# --- county codes and birth years -------------------------------------------------------------------

@pytest.mark.parametrize("county, born", [
    ("650402", date(1960, 7, 1)),    # [2015-] 高昌区
    ("652902", date(1975, 4, 9)),    # [2019-] 库车市
    ("659003", date(1950, 12, 24)),  # [2002-] 图木舒克市
    ("654004", date(1988, 8, 18)),   # [2014-] 霍尔果斯市
    ("653228", date(1990, 2, 2)),    # [2024-] 和康县
    ("110118", date(1940, 10, 10)),  # [2015-] 密云区
    ("650102", date(1930, 3, 3)),    # [1983-] 天山区
])
def test_a_person_born_before_their_county_code_was_created_is_accepted(county, born):
    n = normalise(rid(county, born, 417))
    assert n.birth_date == born and n.county_code == county


def test_every_late_created_code_in_stdnums_data_is_accepted_with_a_birth_before_it():
    codes = created_after(1980)
    assert len(codes) > 500  # the data file was read
    bad = []
    for county, start in codes[::23]:
        born = date(start - 31, 6, 15)
        try:
            normalise(rid(county, born, 35))
        except InvalidResidentId:
            bad.append(county)
    assert bad == []


@pytest.mark.parametrize("county, born", [
    ("652201", date(2020, 1, 15)),  # 哈密市 [-2016]
    ("110103", date(2015, 6, 1)),   # 崇文区 [-2010]
])
def test_a_code_that_existed_once_is_accepted_whatever_the_birth_year(county, born):
    assert normalise(rid(county, born, 222)).county_code == county


def test_a_retired_code_with_a_birth_while_it_existed_is_accepted():
    county, end = retired()[0]
    assert normalise(rid(county, date(end - 20, 1, 1), 5)).county_code == county


@pytest.mark.parametrize("county", ["653199", "659999", "000000", "990101", "200101", "110199", "653102", "999999"])
def test_a_county_code_that_never_existed_is_refused_with_a_reason_about_the_region(county):
    exc = refused(rid(county, date(1985, 3, 12), 123))
    assert any(w in f"{exc.reason} {exc}".lower() for w in ("region", "place", "county", "code"))


def test_an_unknown_code_is_refused_whatever_the_birth_year():
    for year in (1895, 1950, 2010):
        refused(rid("659999", date(year, 1, 1), 11))
