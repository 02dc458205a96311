"""The synthetic registry written as the monitoring information system exports it, in layout
two_sheets of services/monitor/registry/export_mapping.yaml (a sheet of households and a sheet
of members, Chinese headers and values): as two .csv files (fast enough for millions of rows)
or one .xlsx with two sheets. `python -m services.monitor.registry import` reads it back."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook

from services.monitor.registry.export_layouts import load_export_mapping
from services.monitor.registry.export_region import COUNTIES
from services.monitor.registry.rows import Household, Person

HOUSEHOLD_FIELDS = ("household_id", "county", "township_code", "village_code", "household_type",
                    "monitoring_category", "income_per_capita_yuan", "declared_members", "risk_eliminated",
                    "income_year")
MEMBER_FIELDS = ("household_id", "county", "village_code", "name", "resident_id", "gender", "birth_date", "relation",
                 "ethnicity", "schooling_status", "health_status", "labour_skill", "work_status",
                 "basic_medical_insurance")
HOUSEHOLD_TYPE = {"formerly_poor": "脱贫户", "general": "一般农户"}  # marginal: 监测户
# Relations the export writes by gender (之子/之女 ...); the others by the mapping's first spelling.
GENDERED = {("child", "M"): "之子", ("child", "F"): "之女", ("parent", "M"): "之父", ("parent", "F"): "之母",
            ("grandchild", "M"): "孙子", ("grandchild", "F"): "孙女"}


class Spelling:
    """The export's headers and values as the mapping's two_sheets layout writes them first."""

    def __init__(self) -> None:
        parts = load_export_mapping()["two_sheets"].parts
        self.households = [parts["households"].columns[f].header for f in HOUSEHOLD_FIELDS]
        self.members = [parts["members"].columns[f].header for f in MEMBER_FIELDS]
        self.words: dict[str, dict] = {}
        for part in parts.values():
            for name, col in part.columns.items():
                words = self.words.setdefault(name, {})
                for word, value in col.values.items():
                    words.setdefault(value, word)

    def word(self, field: str, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            value = "true" if value else "false"
        return self.words[field].get(value, value)

    def household_row(self, h: Household) -> list:
        kind = HOUSEHOLD_TYPE.get(h.category, "监测户")
        return [h.household_id, COUNTIES[h.county_code], h.township_code, h.village_code, kind,
                self.word("monitoring_category", h.monitoring_category), h.income_per_capita_yuan,
                h.declared_members or h.members, self.word("risk_eliminated", h.risk_eliminated), h.income_year]

    def member_row(self, h: Household, p: Person) -> list:
        w = self.word
        return [h.household_id, COUNTIES[h.county_code], h.village_code, p.name, p.resident_id, w("gender", p.gender),
                p.birth_date, GENDERED.get((p.relation, p.gender)) or w("relation", p.relation), p.ethnicity or "",
                w("schooling_status", p.schooling_status), w("health_status", p.health_status),
                w("labour_skill", p.labour_skill or ("ordinary" if p.able_to_work else "none")),
                w("work_status", p.work_status), w("basic_medical_insurance", p.basic_medical_insurance)]


def write_export(directory: Path, households: Iterable[Household], *, suffix: str = ".csv",
                 encoding: str = "utf-8") -> tuple[list[Path], int, int]:
    """Write the export into `directory`: 户信息.csv and 家庭成员信息.csv (in `encoding`), or
    registry.xlsx with the sheets 户信息 and 家庭成员信息. Returns (paths, households, persons)."""
    directory.mkdir(parents=True, exist_ok=True)
    spelling = Spelling()
    if suffix == ".xlsx":
        return _xlsx(directory / "registry.xlsx", households, spelling)
    paths = [directory / "户信息.csv", directory / "家庭成员信息.csv"]
    h = p = 0
    with open(paths[0], "w", newline="", encoding=encoding) as hf, \
            open(paths[1], "w", newline="", encoding=encoding) as mf:
        hw, mw = csv.writer(hf), csv.writer(mf)
        hw.writerow(spelling.households)
        mw.writerow(spelling.members)
        for hh in households:
            hw.writerow(spelling.household_row(hh))
            mw.writerows(spelling.member_row(hh, x) for x in hh.persons)
            h += 1
            p += len(hh.persons)
    return paths, h, p


def _xlsx(path: Path, households: Iterable[Household], spelling: Spelling) -> tuple[list[Path], int, int]:
    book = Workbook(write_only=True)
    hs, ms = book.create_sheet("户信息"), book.create_sheet("家庭成员信息")
    hs.append(spelling.households)
    ms.append(spelling.members)
    h = p = 0
    for hh in households:
        hs.append([float(v) if k == 6 else v for k, v in enumerate(spelling.household_row(hh))])
        for x in hh.persons:
            ms.append(spelling.member_row(hh, x))
            p += 1
        h += 1
    book.save(path)
    return [path], h, p
