"""Cell values as people type them in department spreadsheets: dates, amounts in yuan, whole
numbers and text. Each parser returns the canonical value or raises CellError with a reason a
department clerk can act on (it goes into the import's error report)."""
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
# Excel's day 0 is 1899-12-30 for every serial from 61 (1900-03-01) on; earlier serials carry
# Excel's phantom 1900-02-29, and no department date is that old.
EXCEL_EPOCH = date(1899, 12, 30)
MAX_SERIAL = 2_958_465  # 9999-12-31

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


def parse_date(value) -> date:
    if isinstance(value, datetime):  # a date cell with a time of day: the day is what counts
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(f"not a date; {DATE_HINT}")
    if isinstance(value, (int, float)):
        return _from_serial(value)
    text = TIME_OF_DAY.sub("", _fold(str(value)))
    if text.isdigit() and len(text) == 5:  # a serial that arrived as text (pasted from another sheet)
        return _from_serial(int(text))
    for form in DATE_FORMS:
        if m := form.fullmatch(text):
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise CellError(f"no such day: {text}") from None
    raise CellError(f"not a date; {DATE_HINT}")


def _from_serial(serial: float) -> date:
    if not 61 <= serial <= MAX_SERIAL:
        raise CellError(f"not a date (as an Excel serial day number {number_text(serial)} is out of range); {DATE_HINT}")
    return EXCEL_EPOCH + timedelta(days=int(serial))


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


def parse_resident_id(value) -> str:
    """The ID as typed (the monitor normalises it). An ID stored as a number has lost digits:
    Excel keeps 15 significant digits, so an 18-character ID cannot survive as a number."""
    if isinstance(value, float) and not (value.is_integer() and abs(value) < 1e15):
        raise CellError("resident ID was stored as a number and Excel kept only its first 15 digits; "
                        "format the column as text (文本) and enter the IDs again")
    return parse_text(value)


def shown(value) -> str:
    """A cell's value as text for the error report."""
    return "" if value is None else parse_text(value)
