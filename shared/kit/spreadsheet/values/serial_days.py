"""Plain numbers in date columns: yyyymmdd, a year and month or a year (refused), or an Excel
serial day number, read only where the day it gives is plausible for the column (issue 15)."""
from datetime import date, timedelta

from shared.kit.spreadsheet.values.date_text import DATE_HINT, YEAR_MONTH, day, year_month
from shared.kit.spreadsheet.values.text import CellError, number_text

# Excel's day 0 is 1899-12-30 for every serial from 61 (1900-03-01) on; earlier serials carry
# Excel's phantom 1900-02-29, and no department date is that old.
EXCEL_EPOCH = date(1899, 12, 30)
MAX_SERIAL = 2_958_465  # 9999-12-31
# 2023.9 typed as a year and month must not become 1905-07-15. Events the departments report
# are recent; a birth date may be as old as the oldest person alive.
EVENT_SERIALS = (date(1950, 1, 1), timedelta(days=366))  # (earliest, how far after today)
BIRTH_SERIALS = (date(1900, 3, 1), timedelta(days=0))


def from_number(number: float, serials: tuple[date, timedelta]) -> date:
    """Raises CellError naming what the number reads as when that is not a plausible day."""
    text = number_text(number)
    if float(number).is_integer():
        whole = int(number)
        if 19000101 <= whole <= 21001231:
            return day(text, text[:4], text[4:6], text[6:])
        if 190001 <= whole <= 210012 and 1 <= whole % 100 <= 12:
            raise CellError(year_month(text, whole // 100, text[4:]))
        if 1900 <= whole <= 2100:
            raise CellError(f"read {text}: a year, not a date; {DATE_HINT}")
    elif 1900 <= number < 2101 and (m := YEAR_MONTH[0].fullmatch(text)) and 1 <= int(m[2]) <= 12:
        raise CellError(year_month(text, int(m[1]), m[2]))
    return from_serial(number, serials)


def from_serial(serial: float, serials: tuple[date, timedelta]) -> date:
    if not 61 <= serial <= MAX_SERIAL:
        raise CellError(f"not a date (as an Excel serial day number {number_text(serial)} is out of range); {DATE_HINT}")
    found = EXCEL_EPOCH + timedelta(days=int(serial))
    earliest, ahead = serials
    if not earliest <= found <= date.today() + ahead:
        raise CellError(f"read {number_text(serial)}: as an Excel serial day number that is {found}, which is not "
                        f"plausible here (a plain number is read as a date from {earliest} on); {DATE_HINT}, "
                        "or format the cell as a date")
    return found
