"""One family being built: its head and spouse, its children, and the records made about them."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.monitor.matching import MatchRecord
from tooling.registry import names as rn

from .maker import Maker, full_name, given_name
from .people import Family, HardCase, Person


@dataclass
class Draft:
    """A family of the set with what its kinds of record draw on (see `start`)."""

    rng: random.Random
    make: Maker
    fam: Family
    han: bool
    surname: str
    family_part: str  # a Han child's surname, an Uyghur child's father's name
    first_year: int  # children are born from this year
    head: Person
    spouse: Person
    cases: list[HardCase]
    taken: set[str] = field(default_factory=set)  # the children's given names

    def child(self, gender: str, given: str, born: date, registered: bool = True) -> Person:
        self.taken.add(given)
        return self.make.person(self.fam, full_name(given, self.family_part, self.han), gender, born, "child",
                                registered)

    def case(self, kind: str, p: Person, *, rid: str | None = None, born: date | None = None) -> None:
        """A record about `p` (with another ID, "" for none, or another birth date), `p`'s ID as truth."""
        village = self.fam.village_code
        self.cases.append(HardCase(kind, MatchRecord(p.resident_id if rid is None else rid, p.name, p.gender,
                                                     born or p.birth_date, village),
                                   p.resident_id if p.registered else ""))


def start(rng: random.Random, make: Maker, household_id: str, village: str, cases: list[HardCase]) -> Draft:
    """A new family (Han about one in seven) with its head and spouse."""
    han = rng.random() < 0.15
    fam = Family(household_id, village)
    surname = rng.choice(rn.HAN_SURNAMES)
    head_given = given_name(rng, "M", han)
    head = make.person(fam, full_name(head_given, surname if han else given_name(rng, "M", False), han), "M",
                       make.born(1950, 1972), "head")
    spouse = make.person(fam, full_name(given_name(rng, "F", han), rng.choice(rn.HAN_SURNAMES) if han
                                        else given_name(rng, "M", False), han), "F",
                         head.birth_date + timedelta(days=rng.randrange(-1500, 1500)), "spouse")
    return Draft(rng, make, fam, han, surname, surname if han else head_given, head.birth_date.year + 20, head,
                 spouse, cases)
