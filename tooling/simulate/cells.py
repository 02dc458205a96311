"""How a clerk types a value into a monthly file's cell: dates and amounts in every form people
type them, coded values as the layout's own words."""
from datetime import date
from random import Random

from shared.kit.spreadsheet.mapping.layout import Layout

DATE_STYLES = ("iso", "slash", "chinese", "compact", "cell", "serial")  # the last two only in .xlsx
AMOUNT_STYLES = ("number", "thousands", "yuan")
EXCEL_EPOCH = date(1899, 12, 30)


def render(layout: Layout, values: dict, rng: Random, xlsx: bool) -> dict:
    """column -> cell, for one event's `values` (column -> value)."""
    row = {}
    for col, value in values.items():
        column = layout.columns[col]
        typed = {canonical: text for text, canonical in reversed(column.values.items())}
        if value is None:
            continue
        if col != layout.event_by and value in typed:
            row[col] = typed[value]
        elif column.kind == "date":
            row[col] = _date(value, rng.choice(DATE_STYLES if xlsx else DATE_STYLES[:4]))
        elif column.kind == "yuan":
            row[col] = _amount(value, rng.choice(AMOUNT_STYLES), xlsx)
        else:
            row[col] = value if isinstance(value, (int, str)) else str(value)
    return row


def _date(day: date, style: str):
    return {"iso": day.isoformat, "slash": lambda: f"{day.year}/{day.month}/{day.day}",
            "chinese": lambda: f"{day.year}年{day.month}月{day.day}日", "compact": lambda: day.strftime("%Y%m%d"),
            "cell": lambda: day, "serial": lambda: (day - EXCEL_EPOCH).days}[style]()


def _amount(amount, style: str, xlsx: bool):
    if style == "thousands":
        return f"{amount:,.2f}"
    if style == "yuan":
        return f"{amount:.2f}元"
    return amount if xlsx else f"{amount:.2f}"
