"""Amounts in yuan as departments type them: 1,234.56 / 1234.56元 / ￥1234.56 / number cells."""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from shared.kit.spreadsheet.values.text import CellError, nfkc, number_text

CENT = Decimal("0.01")
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
PLAIN_AMOUNT = re.compile(r"\d+(?:\.\d+)?")


def parse_yuan(value) -> Decimal:
    """Yuan with at most two decimals, as Decimal quantised to cents (so "12.5" and "12.50"
    give the same event). Raises CellError for a negative, malformed or over-precise amount."""
    if type(value) is float and value >= 0:  # a number cell, most of a large file: no text forms to undo
        return _cents(number_text(value))
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError("not an amount in yuan")
    text = number_text(value) if isinstance(value, float) else nfkc(str(value))
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
