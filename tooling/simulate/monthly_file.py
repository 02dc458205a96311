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
from tooling.simulate.cells import render
from tooling.simulate.defects import defects_for, spoil
from tooling.simulate.departments import simulator_of

SEQUENCE_HEADER = "序号"  # exports number their rows; the importer ignores the column


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
    bad = dict(zip(sorted(rng.sample(range(count), round(count * bad_rate))), defects_for(chosen, xlsx)))
    columns = list(chosen.columns.values())
    out = MonthFile(path, chosen.name)
    rows = []
    for i, event in enumerate(islice(events, count)):
        row = render(chosen, _values(chosen, _kind(chosen, event), event), styles, xlsx)
        if i in bad:
            spoil(chosen, row, bad[i], styles)
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
        kind = _kind(layout, event)
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


def _kind(layout: Layout, event):
    return next(k for k in layout.events.values() if k.type == event.type)
