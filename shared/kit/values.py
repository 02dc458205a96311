"""Cell values as people type them in department spreadsheets: dates, amounts in yuan, whole
numbers and text. Each parser returns the canonical value or raises CellError with a reason a
department clerk can act on (it goes into the import's error report)."""
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from shared.resident_id import ENDS, clean, truncated_by_spreadsheet

CENT = Decimal("0.01")
# Excel's day 0 is 1899-12-30 for every serial from 61 (1900-03-01) on; earlier serials carry
# Excel's phantom 1900-02-29, and no department date is that old.
EXCEL_EPOCH = date(1899, 12, 30)
MAX_SERIAL = 2_958_465  # 9999-12-31

# A plain number is read as a serial day only when the day it gives is plausible for the column
# (issue 15): 2023.9 typed as a year and month must not become 1905-07-15. Events the departments
# report are recent; a birth date may be as old as the oldest person alive.
EVENT_SERIALS = (date(1950, 1, 1), timedelta(days=366))  # (earliest, how far after today)
BIRTH_SERIALS = (date(1900, 3, 1), timedelta(days=0))
YEAR_MONTH = (
    re.compile(r"(\d{4})[-/.](\d{1,2})"),  # 2023.9, 2023.10, 2023-09, 2023/9
    re.compile(r"(\d{4})年(\d{1,2})月(?:份)?"),  # 2023年9月
    re.compile(r"(\d{4})(\d{2})"),  # 202304
)
DATE_FORMS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),  # 2026-03-05, 2026/3/5, 2026.3.5
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"),  # 2026年3月5日
    re.compile(r"(\d{4})(\d{2})(\d{2})"),  # 20260305
)
TIME_OF_DAY = re.compile(r"(?:[ T]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")  # "2026-03-05 00:00:00" from a database export
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
PLAIN_AMOUNT = re.compile(r"\d+(?:\.\d+)?")
DATE_HINT = "write it as 2026-03-05, 2026/3/5 or 2026年3月5日"


class CellError(ValueError):
    """A cell that cannot be read; str(exc) is the reason for the error report."""


def _fold(text: str) -> str:
    # NFKC: full-width digits, commas, points and ￥ (common from Chinese input methods) to ASCII.
    return unicodedata.normalize("NFKC", text).strip()


def number_text(value: float) -> str:
    """A numeric cell as a person saw it: Excel keeps 15 significant digits, so rounding there
    removes binary noise (0.1 + 0.2 shows as 0.3) without inventing precision."""
    text = format(value, ".15g")
    return format(Decimal(text), "f") if "e" in text else text


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
        return _from_number(value, serials)
    text = TIME_OF_DAY.sub("", _fold(str(value)))
    if text.isdigit() and len(text) == 5:  # a serial that arrived as text (pasted from another sheet)
        return _from_serial(int(text), serials)
    for form in DATE_FORMS:
        if m := form.fullmatch(text):
            return _day(text, m[1], m[2], m[3])
    for form in YEAR_MONTH:
        if (m := form.fullmatch(text)) and 1 <= int(m[2]) <= 12:
            raise CellError(_year_month(text, int(m[1]), m[2]))
    raise CellError(f"not a date; {DATE_HINT}")


def parse_birth_date(value) -> date:
    """parse_date for a birth date: a plain number may be a serial as old as 1900-03-01."""
    return parse_date(value, BIRTH_SERIALS)


def _day(text: str, year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"no such day: {text}") from None


def _year_month(text: str, year: int, month: str) -> str:
    # A number cell keeps 2023.10 as 2023.1 (and a CSV exported from it writes 2023.1), so a
    # month written as one digit 1 may be October.
    which = f"{year}年1月 or {year}年10月: a number cell keeps 2023.10 as 2023.1" if month == "1" \
        else f"{year}年{int(month)}月"
    return f"read {text}: a year and month ({which}), not a day; write the full date, e.g. {year}-{int(month):02d}-15"


def _from_number(number: float, serials: tuple[date, timedelta]) -> date:
    """A plain number cell: yyyymmdd, or a year and month / a year (refused), or an Excel serial."""
    text = number_text(number)
    if float(number).is_integer():
        whole = int(number)
        if 19000101 <= whole <= 21001231:
            return _day(text, text[:4], text[4:6], text[6:])
        if 190001 <= whole <= 210012 and 1 <= whole % 100 <= 12:
            raise CellError(_year_month(text, whole // 100, text[4:]))
        if 1900 <= whole <= 2100:
            raise CellError(f"read {text}: a year, not a date; {DATE_HINT}")
    elif 1900 <= number < 2101 and (m := YEAR_MONTH[0].fullmatch(text)) and 1 <= int(m[2]) <= 12:
        raise CellError(_year_month(text, int(m[1]), m[2]))
    return _from_serial(number, serials)


def _from_serial(serial: float, serials: tuple[date, timedelta]) -> date:
    if not 61 <= serial <= MAX_SERIAL:
        raise CellError(f"not a date (as an Excel serial day number {number_text(serial)} is out of range); {DATE_HINT}")
    day = EXCEL_EPOCH + timedelta(days=int(serial))
    earliest, ahead = serials
    if not earliest <= day <= date.today() + ahead:
        raise CellError(f"read {number_text(serial)}: as an Excel serial day number that is {day}, which is not "
                        f"plausible here (a plain number is read as a date from {earliest} on); {DATE_HINT}, "
                        "or format the cell as a date")
    return day


def parse_yuan(value) -> Decimal:
    """Yuan with at most two decimals, as Decimal quantised to cents (so "12.5" and "12.50"
    give the same event). Accepts 1,234.56 / 1234.56元 / ￥1234.56 / numeric cells."""
    if type(value) is float and value >= 0:  # a number cell, most of a large file: no text forms to undo
        return _cents(number_text(value))
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError("not an amount in yuan")
    text = number_text(value) if isinstance(value, float) else _fold(str(value))
    text = text.removeprefix("¥").removesuffix("元").strip()
    if text.startswith("-") or (text.startswith("(") and text.endswith(")")):
        raise CellError("amount must not be negative")
    if THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not PLAIN_AMOUNT.fullmatch(text):
        raise CellError("not an amount in yuan; write it as 1234.56, 1,234.56 or 1234.56元")
    return _cents(text)


def _cents(text: str) -> Decimal:
    try:
        amount = Decimal(text)
        cents = amount.quantize(CENT)
    except InvalidOperation:
        raise CellError("amount is too large") from None
    if cents != amount:
        raise CellError("amount has more than two decimal places (fen); round it in the file")
    return cents


def parse_int(value) -> int:
    if isinstance(value, bool):
        raise CellError("not a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("not a whole number")
        return int(value)
    if isinstance(value, int):
        return value
    text = _fold(str(value))
    if not re.fullmatch(r"\d{1,9}", text):
        raise CellError("not a whole number")
    return int(text)


def parse_text(value) -> str:
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


SCIENTIFIC = re.compile(r"[+-]?\d(?:\.\d+)?[eE][+]?\d+")  # 6.53101E+17: how Excel shows (and exports) a number ID
NUMBER_ID = ("resident ID was stored as a number and Excel kept only its first 15 digits; "
             "format the column as text (文本) and enter the IDs again")


def parse_resident_id(value) -> str:
    """The ID as typed (the monitor normalises it). An ID stored as a number has lost digits:
    Excel keeps 15 significant digits, so an 18-character ID cannot survive as a number, nor as
    the text a CSV export writes for one (6.53101E+17). Raises CellError for those."""
    if isinstance(value, bool):
        raise CellError("not a resident ID")
    if isinstance(value, float) and not (value.is_integer() and abs(value) < 1e15):
        raise CellError(NUMBER_ID)
    if isinstance(value, int) and abs(value) >= 10**15:
        raise CellError(NUMBER_ID)
    # Not str.strip(): it would remove the control characters around an ID that normalise refuses.
    text = value.strip(ENDS) if isinstance(value, str) else parse_text(value)
    if SCIENTIFIC.fullmatch(_fold(text)):
        raise CellError(NUMBER_ID)
    return text


def cut_by_spreadsheet(value) -> bool:
    """True when an ID cell shows what a spreadsheet leaves of an ID it stored as a number: a
    number cell of 16 digits or more, text in scientific notation, or 18 characters ending in
    000 (shared.resident_id.truncated_by_spreadsheet). A suspicion for a warning, not a verdict."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return abs(value) >= 10**15
    if type(value) is str and value.isascii() and value.isalnum():  # the usual cell, without NFKC
        return len(value) == 18 and value.endswith("000")
    text = _fold(str(value))
    return bool(SCIENTIFIC.fullmatch(text)) or truncated_by_spreadsheet(clean(text))


def shown(value) -> str:
    """A cell's value as text for the error report."""
    return "" if value is None else parse_text(value)
