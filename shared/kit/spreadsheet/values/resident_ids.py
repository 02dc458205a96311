"""Resident ID cells, and what a spreadsheet that stored an ID as a number leaves of it."""
import re

from shared.kit.spreadsheet.values.text import CellError, nfkc, parse_text
from shared.resident_id import ENDS, clean, truncated_by_spreadsheet

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
    if SCIENTIFIC.fullmatch(nfkc(text)):
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
    text = nfkc(str(value))
    return bool(SCIENTIFIC.fullmatch(text)) or truncated_by_spreadsheet(clean(text))
