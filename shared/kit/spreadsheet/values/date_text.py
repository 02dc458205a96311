"""Dates typed as text, and the messages for what is not a day (a year and month, a year)."""
import re
from datetime import date

from shared.kit.spreadsheet.values.text import CellError

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
DATE_HINT = "write it as 2026-03-05, 2026/3/5 or 2026年3月5日"


def day(text: str, year: str, month: str, day_: str) -> date:
    """Raises CellError for a day the calendar does not have (2026-02-30)."""
    try:
        return date(int(year), int(month), int(day_))
    except ValueError:
        raise CellError(f"no such day: {text}") from None


def year_month(text: str, year: int, month: str) -> str:
    """The message for a year and month where a day was wanted."""
    # A number cell keeps 2023.10 as 2023.1 (and a CSV exported from it writes 2023.1), so a
    # month written as one digit 1 may be October.
    which = f"{year}年1月 or {year}年10月: a number cell keeps 2023.10 as 2023.1" if month == "1" \
        else f"{year}年{int(month)}月"
    return f"read {text}: a year and month ({which}), not a day; write the full date, e.g. {year}-{int(month):02d}-15"
