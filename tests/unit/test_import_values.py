"""Cell values as clerks type them: dates, amounts in yuan, whole numbers, resident IDs."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from shared.kit.spreadsheet.values.amounts import parse_yuan
from shared.kit.spreadsheet.values.dates import parse_date
from shared.kit.spreadsheet.values.numbers import parse_int
from shared.kit.spreadsheet.values.resident_ids import parse_resident_id
from shared.kit.spreadsheet.values.text import CellError, parse_text, shown

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("typed", ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "2026年03月05日", "20260305",
                                   "２０２６－０３－０５", "2026-03-05 00:00:00", " 2026/03/05 ", 46086, 46086.0,
                                   46086.75, "46086", date(2026, 3, 5), datetime(2026, 3, 5, 17, 30)])
def test_every_form_people_type_gives_the_same_day(typed):
    assert parse_date(typed) == date(2026, 3, 5)


@pytest.mark.parametrize("typed, reason", [("2026-02-30", "no such day"), ("2026-13-01", "no such day"),
                                           ("3/5/2026", "not a date"), ("26/3/5", "not a date"), ("上月中旬", "not a date"),
                                           ("2026-1O-05", "not a date"), (True, "not a date"), (10, "out of range"),
                                           (3_000_000, "out of range")])
def test_a_date_that_is_not_one_is_refused_with_a_reason(typed, reason):
    with pytest.raises(CellError, match=reason):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["1234.56", "1,234.56", "1234.56元", "1,234.56 元", "¥1,234.56", "￥1234.56",
                                   "１，２３４．５６", 1234.56, "1234.560"])
def test_every_form_of_an_amount_gives_the_same_decimal(typed):
    amount = parse_yuan(typed)
    assert amount == Decimal("1234.56") and str(amount) == "1234.56"


def test_amounts_are_quantised_to_fen_so_the_same_amount_always_gives_the_same_text():
    assert [str(parse_yuan(x)) for x in ("12.5", 12.5, "12.50", 12, "12")] == ["12.50", "12.50", "12.50", "12.00",
                                                                                   "12.00"]


def test_binary_noise_of_a_computed_cell_is_rounded_away_as_excel_shows_it():
    assert parse_yuan(0.1 + 0.2) == Decimal("0.30")
    assert parse_yuan(1e15) == Decimal("1000000000000000.00")


@pytest.mark.parametrize("typed, reason", [("-300.00", "negative"), (-1.0, "negative"), ("(300.00)", "negative"),
                                           ("12O0.00", "not an amount"), ("1.234,56", "not an amount"),
                                           ("1,23", "not an amount"), ("约3000", "not an amount"),
                                           ("12.345", "more than two decimal places"),
                                           (12.345, "more than two decimal places"), (True, "not an amount"),
                                           (date(2026, 1, 1), "not an amount")])
def test_an_amount_that_is_not_one_is_refused_with_a_reason(typed, reason):
    with pytest.raises(CellError, match=reason):
        parse_yuan(typed)


def test_whole_numbers_from_cells_and_text():
    assert [parse_int(x) for x in (7, 7.0, "7", "７")] == [7, 7, 7, 7]
    for bad in (7.5, "七", "7年级", True):
        with pytest.raises(CellError):
            parse_int(bad)


def test_a_resident_id_stored_as_a_number_is_refused_because_excel_lost_its_digits():
    with pytest.raises(CellError, match="stored as a number"):
        parse_resident_id(6.53101199001011e17)
    assert parse_resident_id(" 653101199001011235 ") == "653101199001011235"
    assert parse_resident_id(653101900101123.0) == "653101900101123"  # a 15-digit ID survives as a number


def test_text_cells_keep_what_was_typed_but_lose_surrounding_blanks_and_float_noise():
    assert parse_text(" 阿卜杜拉·买买提 ") == "阿卜杜拉·买买提"
    assert parse_text(123456789012.0) == "123456789012"
    assert shown(None) == "" and shown(date(2026, 3, 5)) == "2026-03-05"
