"""The rows of the household registry as the COPY loader takes them (monitor.households,
monitor.persons; migrations/001_registry.sql). Any source of households builds these: the
synthetic generator (tooling/registry) or an export of the real registry.
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


class Household(NamedTuple):
    """A registered household; the first 8 fields are the columns of monitor.households."""

    household_id: str  # village code (12) + 4-digit sequence
    county_code: str
    township_code: str
    village_code: str
    category: str  # formerly_poor | marginal | general
    members: int
    income_per_capita_yuan: Decimal  # yuan per capita per year, 2 decimal places
    income_year: int
    persons: tuple[Person, ...]


HOUSEHOLD_COLUMNS = Household._fields[:8]
PERSON_COLUMNS = Person._fields


def is_under_line(household: Household) -> bool:
    """Per-capita income strictly below the monitoring line (8,000 yuan a year)."""
    return household.income_per_capita_yuan < MONITORING_LINE_YUAN
