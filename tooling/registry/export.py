"""The synthetic registry as two CSV files (households.csv, persons.csv) that PostgreSQL
`COPY ... CSV HEADER` reads back into monitor.households / monitor.persons."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from services.monitor.registry.rows import HOUSEHOLD_COLUMNS, MONITORING_LINE_YUAN, PERSON_COLUMNS, household_record

from .generate import generate
from .generate.summary import Summary


def write_csv(directory: Path, households: int, seed: int) -> tuple[Summary, float]:
    """Write households.csv and persons.csv (header row, UTF-8, booleans true/false, None as an
    empty cell (NULL), incomes as yuan with 2 decimals) into `directory`; return counts and seconds."""
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    h = p = uh = up = 0
    with (
        open(directory / "households.csv", "w", newline="", encoding="utf-8") as hf,
        open(directory / "persons.csv", "w", newline="", encoding="utf-8") as pf,
    ):
        hw, pw = csv.writer(hf), csv.writer(pf)
        hw.writerow(HOUSEHOLD_COLUMNS)
        pw.writerow(PERSON_COLUMNS)
        for hh in generate(households, seed):
            hw.writerow(map(_cell, household_record(hh)))
            pw.writerows(map(_cell, x) for x in hh.persons)
            h += 1
            p += hh.members
            if hh.income_per_capita_yuan < MONITORING_LINE_YUAN:
                uh += 1
                up += hh.members
    return Summary(h, p, uh, up), time.perf_counter() - started


def _cell(value) -> object:
    """bool -> true/false and None -> "" so that PostgreSQL COPY ... CSV reads them back."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return value
