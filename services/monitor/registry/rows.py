"""The rows of the household registry as the COPY loader takes them (monitor.households,
monitor.persons; migrations/001_registry.sql and 010_registry_export.sql). Any source of
households builds these: the synthetic generator (tooling/registry) or an export of the real
registry (export_*.py). The fields of migration 010 default to None (not known), so a
source that lacks them still builds rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

#: Monitoring line, yuan per capita per year (Kashgar plan, chapter 2 section 2: 人均收入在8000元以下).
MONITORING_LINE_YUAN = Decimal("8000")


class Person(NamedTuple):
    """A registered person; field order = columns of monitor.persons."""

    resident_id: str  # 居民身份证号码, 18 characters
    household_id: str
    name: str
    gender: str  # 'M' or 'F'
    birth_date: date
    relation: str  # head | spouse | child | parent | grandchild | sibling
    able_to_work: bool
    main_earner: bool
    # Migration 010 (the export's fields; coded values as in export_mapping.yaml); None = not known.
    ethnicity: str | None = None  # 民族, as written (维吾尔族, 汉族 ...)
    schooling_status: str | None = None  # 在校生状况: not_in_school | preschool | primary | junior_secondary ...
    health_status: str | None = None  # 健康状况: healthy | chronic_illness | serious_illness | disabled
    labour_skill: str | None = None  # 劳动技能: ordinary | skilled | weak | lost | none
    work_status: str | None = None  # 务工状况: working_out_of_province | working_in_province | working_in_county | not_working
    basic_medical_insurance: bool | None = None  # 是否参加城乡居民基本医疗保险
    deceased_on: date | None = None  # NULL = living


class Household(NamedTuple):
    """A registered household; every field but `persons` is a column of monitor.households."""

    household_id: str  # village code (12) + 4-digit sequence
    county_code: str
    township_code: str
    village_code: str
    category: str  # formerly_poor | marginal | general
    members: int
    income_per_capita_yuan: Decimal  # yuan per capita per year, 2 decimal places
    income_year: int
    persons: tuple[Person, ...]
    # Migration 010; None = not known.
    monitoring_category: str | None = None  # 监测对象类别: unstable_formerly_poor | marginal | sudden_hardship
    declared_members: int | None = None  # 家庭人口数 as exported
    risk_eliminated: bool | None = None  # 风险是否消除
    left_on: date | None = None  # NULL = still registered


_PERSONS_AT = Household._fields.index("persons")
HOUSEHOLD_COLUMNS = Household._fields[:_PERSONS_AT] + Household._fields[_PERSONS_AT + 1:]
PERSON_COLUMNS = Person._fields


def household_record(household: Household) -> tuple:
    """The household's values in HOUSEHOLD_COLUMNS order (its persons go to their own table)."""
    return household[:_PERSONS_AT] + household[_PERSONS_AT + 1:]


def is_under_line(household: Household) -> bool:
    """Per-capita income strictly below the monitoring line (8,000 yuan a year)."""
    return household.income_per_capita_yuan < MONITORING_LINE_YUAN
