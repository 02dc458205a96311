"""The simulator's monthly file: a department's events written in its own spreadsheet layout
the way clerks fill one in (dates and amounts in every form people type), with a share of rows
made wrong on purpose, one defect each, so that tests and the benchmark know exactly which rows
the importer must report.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from random import Random

from shared.kit.department import Department
from shared.kit.spreadsheet.files.table import SPREADSHEETS
from shared.kit.spreadsheet.files.writing import write_table
from shared.kit.spreadsheet.mapping.layout import Layout
from shared.kit.spreadsheet.rows.event import LOCAL_TZ
from tooling.simulate.departments import simulator_of

SEQUENCE_HEADER = "序号"  # exports number their rows; the importer ignores the column
DATE_STYLES = ("iso", "slash", "chinese", "compact", "cell", "serial")  # the last two only in .xlsx
AMOUNT_STYLES = ("number", "thousands", "yuan")
EXCEL_EPOCH = date(1899, 12, 30)
# Every kind of bad row the importer must report; a layout gets the ones its columns allow.
DEFECTS = ("bad_check_character", "id_as_number", "blank_name", "impossible_date", "unreadable_date",
           "future_date", "bad_amount", "negative_amount", "unknown_code", "dates_out_of_order")


@dataclass
class MonthFile:
    path: Path
    layout: str
    rows: int = 0
    bad_rows: dict[int, str] = field(default_factory=dict)  # row number in the file -> defect

    @property
    def defects(self) -> Counter:
        return Counter(self.bad_rows.values())


def write_month_file(dept: Department, people, month_start: date, count: int, seed: int, path: Path, *,
                     layout: str | None = None, bad_rate: float = 0.0, encoding: str = "utf-8") -> MonthFile:
    """Write `count` rows of `dept`'s `layout` (default: its first), round(count * bad_rate) of
    them bad. Same arguments, same file; the same seed in another format, the same events."""
    chosen = dept.layouts[layout] if layout else next(iter(dept.layouts.values()))
    rng = Random(f"{seed}:{dept.code}:{chosen.name}")
    styles = Random(f"{seed}:styles")  # apart from `rng`: a .csv and an .xlsx of one seed hold the same events
    xlsx = path.suffix.lower() in SPREADSHEETS
    simulate = simulator_of(dept.code)
    events = _distinct(chosen, (e for e in simulate(people, rng, month_start, count * 100 + 100)
                                if e.type in chosen.event_types))
    bad = dict(zip(sorted(rng.sample(range(count), round(count * bad_rate))), _defects(chosen, xlsx)))
    columns = list(chosen.columns.values())
    out = MonthFile(path, chosen.name)
    rows = []
    for i, event in enumerate(islice(events, count)):
        row = _render(chosen, event, styles, xlsx)
        if i in bad:
            _spoil(chosen, row, bad[i], styles)
            out.bad_rows[i + 3] = bad[i]  # title row, header row, then the data
        rows.append([i + 1, *(row.get(c.name, "") for c in columns)])
    out.rows = len(rows)
    write_table(path, [SEQUENCE_HEADER, *(c.header for c in columns)], rows, f"{dept.name_zh} {chosen.title}",
                encoding)
    return out


def _distinct(layout: Layout, events):
    """Drop events whose natural key repeats an earlier one (the same person twice on one day):
    a file has one row per key, or the importer rightly reports the second."""
    seen = set()
    for event in events:
        kind = next(k for k in layout.events.values() if k.type == event.type)
        values = _values(layout, kind, event)
        key = (event.type, *(str(values[c]) for c in kind.key))
        if key not in seen:
            seen.add(key)
            yield event


def _values(layout: Layout, kind, event) -> dict:
    values = {col: getattr(event.data, f) for f, col in kind.data_columns}
    values |= {col: getattr(event.data.person, f) for f, col in kind.person_columns}
    values.setdefault(kind.time, event.time.astimezone(LOCAL_TZ).date())
    if layout.event_by:
        values[layout.event_by] = kind.label
    return values


def _render(layout: Layout, event, rng: Random, xlsx: bool) -> dict:
    kind = next(k for k in layout.events.values() if k.type == event.type)
    row = {}
    for col, value in _values(layout, kind, event).items():
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


def _defects(layout: Layout, xlsx: bool):
    kinds = set(c.kind for c in layout.columns.values())
    two_dates = any(sum(layout.columns[c].kind == "date" for _, c in k.data_columns) >= 2 for k in layout.events.values())
    usable = [d for d in DEFECTS if {
        "id_as_number": xlsx, "bad_amount": "yuan" in kinds, "negative_amount": "yuan" in kinds,
        "unknown_code": any(c.values for c in layout.columns.values()) or layout.event_by is not None,
        "dates_out_of_order": two_dates}.get(d, True)]
    while True:
        yield from usable


def _spoil(layout: Layout, row: dict, defect: str, rng: Random) -> None:
    time_col = next(iter(layout.events.values())).time
    amount_col = next((c.name for c in layout.columns.values() if c.kind == "yuan"), None)
    rid = row["resident_id"]
    if defect == "bad_check_character":
        row["resident_id"] = rid[:-1] + ("0" if rid[-1] != "0" else "1")
    elif defect == "id_as_number":
        row["resident_id"] = float(rid[:17] + (rid[17] if rid[17].isdigit() else "0"))
    elif defect == "blank_name":
        row["name"] = ""
    elif defect == "impossible_date":
        row[time_col] = f"{rng.choice([2025, 2026])}-02-30"
    elif defect == "unreadable_date":
        row[time_col] = rng.choice(["上月中旬", "2026-1O-05", "10/05"])
    elif defect == "future_date":
        row[time_col] = "2099-01-01"
    elif defect == "bad_amount":
        row[amount_col] = rng.choice(["12O0.00", "1.234,56", "约3000"])
    elif defect == "negative_amount":
        row[amount_col] = "-300.00"
    elif defect == "unknown_code":
        coded = layout.event_by or next(c.name for c in layout.columns.values() if c.values)
        row[coded] = "未知"
    elif defect == "dates_out_of_order":  # admitted after discharge, say
        other = next(c for c in layout.columns.values() if c.kind == "date" and c.name != time_col and c.name in row)
        row[other.name] = "2099-12-31"
