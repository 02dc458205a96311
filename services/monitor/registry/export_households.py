"""Gathered households checked as a whole and built into registry rows (rows.Household): a
households row for each members' household number, exactly one 户主, as many member rows as
家庭人口数, a known village, a consistent category; the main earner picked (earner.py)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from shared.kit.spreadsheet.values.text import shown

from .rows import Household
from .export_earner import with_main_earner
from .export_errors import ExportError, Place
from .export_gather import Draft, Gathering
from .export_checks import category_of, place_problems, village_code_of, year_problem

REQUIRED = ("household_type", "income_per_capita_yuan", "declared_members")


class Builder:
    """Builds the households of one gathering; problems go to the gathering's errors."""

    def __init__(self, gathering: Gathering, headers: dict[str, str], *, with_household_rows: bool,
                 income_year: int, on: date):
        self.g, self.headers, self.with_rows = gathering, headers, with_household_rows
        self.income_year, self.on = income_year, on

    def households(self) -> Iterator[Household]:
        """Every household without a problem, in the order first seen."""
        for hid, draft in self.g.households.items():
            household = self._household(hid, draft)
            if household is not None:
                yield household

    def _error(self, place: Place, field: str, value, reason: str) -> None:
        self.g.errors.append(ExportError(place, self.headers.get(field, field), shown(value), reason))

    def _household(self, hid: str, d: Draft) -> Household | None:
        before = len(self.g.errors)
        at = d.row or d.first
        if self.with_rows and d.row is None:
            for place, _ in d.members:
                self._error(place, "household_id", hid, "no row of the households sheet has this household number")
            return None
        for name in REQUIRED:
            if name not in d.fields and name not in d.unreadable:
                self._error(at, name, "", "required: the household has no value here")
        self._members(hid, d, at)
        village = village_code_of(d.fields)
        if village is None:
            self._error(at, "village_code", "", "required: no village code (村代码, or 村 as its 12-digit code)")
        else:
            for name, reason in place_problems(d.fields, village):
                self._error(d.given[name][0], name, d.fields[name], reason)
        category = None
        if "household_type" in d.fields:
            category, reason = category_of(d.fields["household_type"], d.fields.get("monitoring_category"))
            if reason:
                place = d.given.get("monitoring_category", d.given["household_type"])[0]
                self._error(place, "monitoring_category", d.fields.get("monitoring_category", ""), reason)
        year = d.fields.get("income_year", self.income_year)
        if (reason := year_problem(year, self.on.year)) is not None:
            self._error(d.given.get("income_year", (at,))[0], "income_year", year, reason)
        if len(self.g.errors) > before or d.bad_members or d.unreadable:
            return None
        persons = with_main_earner([p for _, p in d.members], self.on)
        f = d.fields
        return Household(hid, village[:6], village[:9], village, category, len(persons), f["income_per_capita_yuan"],
                         year, tuple(persons), f.get("monitoring_category"), f["declared_members"],
                         f.get("risk_eliminated"))

    def _members(self, hid: str, d: Draft, at: Place) -> None:
        if not d.members and not d.bad_members:
            self._error(at, "household_id", hid, "the household has no member rows")
            return
        heads = [place for place, p in d.members if p.relation == "head"]
        if not heads and d.members and not d.bad_members:
            self._error(d.members[0][0], "relation", "", "the household has no 户主 (head)")
        for place in heads[1:]:
            self._error(place, "relation", "户主", f"a second 户主 in the household (the first at {heads[0]})")
        declared = d.fields.get("declared_members")
        rows = len(d.members) + d.bad_members
        if declared is not None and declared != rows:
            self._error(d.given["declared_members"][0], "declared_members", declared,
                        f"家庭人口数 says {declared} but the export has {rows} member rows for this household")
