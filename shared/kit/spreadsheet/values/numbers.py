"""Whole numbers (a count, a grade), from a number cell or digits typed as text."""
import re

from shared.kit.spreadsheet.values.text import CellError, nfkc


def parse_int(value) -> int:
    """Raises CellError for anything but a whole number of at most nine digits."""
    if isinstance(value, bool):
        raise CellError("not a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("not a whole number")
        return int(value)
    if isinstance(value, int):
        return value
    text = nfkc(str(value))
    if not re.fullmatch(r"\d{1,9}", text):
        raise CellError("not a whole number")
    return int(text)
