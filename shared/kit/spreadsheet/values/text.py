"""Text cells, and any cell as the text a person saw in it."""
import unicodedata
from datetime import date, datetime
from decimal import Decimal


class CellError(ValueError):
    """A cell that cannot be read; str(exc) is the reason for the error report."""


def nfkc(text: str) -> str:
    """NFKC: full-width digits, commas, points and ￥ (common from Chinese input methods) to ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


def number_text(value: float) -> str:
    """A numeric cell as a person saw it: Excel keeps 15 significant digits, so rounding there
    removes binary noise (0.1 + 0.2 shows as 0.3) without inventing precision."""
    text = format(value, ".15g")
    return format(Decimal(text), "f") if "e" in text else text


def parse_text(value) -> str:
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def shown(value) -> str:
    """A cell's value as text for the error report."""
    return "" if value is None else parse_text(value)
