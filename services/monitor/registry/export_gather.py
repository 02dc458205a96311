"""Rows of every sheet gathered into households: household fields merged (the same value on every
row that gives one), members attached by 户编号, resident IDs unique across the whole export."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from shared.kit.spreadsheet.values.text import shown

from .rows import Person
from .export_errors import ExportError, Place
from .export_fields import HOUSEHOLD_FIELDS, KEY
from .export_people import person_of


@dataclass(slots=True)
class Draft:
    """A household as read so far."""

    fields: dict = field(default_factory=dict)
    given: dict = field(default_factory=dict)  # field -> (place, header) where it was first given
    row: Place | None = None  # its row in a households part
    first: Place | None = None  # its first row anywhere
    members: list = field(default_factory=list)  # (place, Person)
    bad_members: int = 0  # member rows with errors (counted against 家庭人口数 all the same)
    unreadable: set = field(default_factory=set)  # household fields given in a cell that could not be read


class Gathering:
    def __init__(self) -> None:
        self.households: dict[str, Draft] = {}
        self.errors: list[ExportError] = []
        self.ids: dict[str, tuple[Place, str]] = {}  # resident ID -> (first place, household)
        self.rows = 0
        self.member_rows = 0

    def add(self, part: str, place: Place, fields: dict, errors: list[ExportError],
            header: Callable[[str], str]) -> None:
        """One data row of a households or members part."""
        self.rows += 1
        self.errors.extend(errors)
        hid = fields.get(KEY)
        if hid is None:
            return
        draft = self.households.get(hid)
        if draft is None:
            draft = self.households[hid] = Draft(first=place)
        self._merge(draft, place, fields, header)
        if errors:
            columns = {e.column for e in errors}
            draft.unreadable.update(f for f in HOUSEHOLD_FIELDS if header(f) in columns)
        if part == "households":
            if draft.row is not None:
                self.errors.append(ExportError(place, header(KEY), shown(hid),
                                               f"household number given twice: also {draft.row}"))
            else:
                draft.row = place
            return
        self.member_rows += 1
        person, problems = person_of(place, fields, header) if not errors else (None, [])
        self.errors.extend(problems)
        if person is None:
            draft.bad_members += 1
        elif self._unique(place, person, header):
            draft.members.append((place, person))
        else:
            draft.bad_members += 1

    def _merge(self, draft: Draft, place: Place, fields: dict, header: Callable[[str], str]) -> None:
        for name in HOUSEHOLD_FIELDS:
            if name not in fields:
                continue
            value = fields[name]
            if name not in draft.fields:
                draft.fields[name], draft.given[name] = value, (place, header(name))
            elif draft.fields[name] != value:
                first = draft.given[name][0]
                self.errors.append(ExportError(place, header(name), shown(value),
                                               f"disagrees with {shown(draft.fields[name])} for the same household "
                                               f"at {first}"))

    def _unique(self, place: Place, person: Person, header: Callable[[str], str]) -> bool:
        seen = self.ids.setdefault(person.resident_id, (place, person.household_id))
        if seen[0] is place:
            return True
        where = "the same household" if seen[1] == person.household_id else f"household {seen[1]}"
        self.errors.append(ExportError(place, header("resident_id"), person.resident_id,
                                       f"resident ID given twice: also at {seen[0]} in {where}"))
        return False
