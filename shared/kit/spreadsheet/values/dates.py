"""Date cells: a cell formatted as a date, a date typed as text, or a plain number."""
from datetime import date, datetime, timedelta

from shared.kit.spreadsheet.values.date_text import DATE_FORMS, DATE_HINT, TIME_OF_DAY, YEAR_MONTH, day, year_month
from shared.kit.spreadsheet.values.serial_days import BIRTH_SERIALS, EVENT_SERIALS, from_number, from_serial
from shared.kit.spreadsheet.values.text import CellError, nfkc


def parse_date(value, serials: tuple[date, timedelta] = EVENT_SERIALS) -> date:
    """A day from a date cell, a typed date or a plain number. `serials` bounds the days a plain
    number may stand for as an Excel serial (the earliest day, and how far after today); a date
    cell (formatted as a date, so calamine gives a date) is taken as it is. Raises CellError
    naming what was read: a year and month (2023.9, 202304), a year, or an implausible serial."""
    if isinstance(value, datetime):  # a date cell with a time of day: the day is what counts
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(f"not a date; {DATE_HINT}")
    if isinstance(value, (int, float)):
        return from_number(value, serials)
    text = TIME_OF_DAY.sub("", nfkc(str(value)))
    if text.isdigit() and len(text) == 5:  # a serial that arrived as text (pasted from another sheet)
        return from_serial(int(text), serials)
    for form in DATE_FORMS:
        if m := form.fullmatch(text):
            return day(text, m[1], m[2], m[3])
    for form in YEAR_MONTH:
        if (m := form.fullmatch(text)) and 1 <= int(m[2]) <= 12:
            raise CellError(year_month(text, int(m[1]), m[2]))
    raise CellError(f"not a date; {DATE_HINT}")


def parse_birth_date(value) -> date:
    """parse_date for a birth date: a plain number may be a serial as old as 1900-03-01."""
    return parse_date(value, BIRTH_SERIALS)
