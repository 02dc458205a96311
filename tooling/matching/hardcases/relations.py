"""Records under a parent's or a child's ID, a newborn under the mother's, and namesakes."""
from __future__ import annotations

from .family import Draft
from .maker import full_name, given_name
from .people import Family, Person


def add_parent_ids(d: Draft, s1: Person) -> None:
    """A member's bill under the head's ID, and the head's under a child's."""
    d.case("parent_id", s1, rid=d.head.resident_id)
    d.case("parent_id", d.spouse, rid=d.head.resident_id)
    d.case("parent_id", d.head, rid=s1.resident_id)


def add_newborn(d: Draft) -> None:
    """A baby not yet registered, billed under the mother's ID (three families in ten)."""
    if d.rng.random() < 0.3:
        gender = d.rng.choice("MF")
        baby = Person("", full_name(given_name(d.rng, gender, d.han), d.family_part, d.han), gender,
                      d.make.born(2025, 2025), "child", registered=False)
        d.case("newborn", baby, rid=d.spouse.resident_id)


def add_namesakes(d: Draft, s1: Person, household_id: str) -> Family | None:
    """Three families in ten: another household of the village (`household_id`, returned) whose
    son or daughter has s1's full name, and a third namesake not in the registry."""
    rng, make, village = d.rng, d.make, d.fam.village_code
    if rng.random() >= 0.3:
        return None
    other = Family(household_id, village)
    make.person(other, full_name(given_name(rng, "M", d.han), d.surname if d.han else given_name(rng, "M", False),
                                 d.han), "M", make.born(1950, 1972), "head")
    namesake = make.person(other, s1.name, s1.gender, make.born(d.first_year, d.first_year + 12), "child")
    third_born = make.born(d.first_year, d.first_year + 12)
    third = Person(make.resident_id(village[:6], third_born, s1.gender), s1.name, s1.gender, third_born,
                   "child", registered=False)
    d.case("namesake", s1, rid="")
    d.case("namesake", namesake, rid="")
    d.case("namesake", namesake, rid=s1.resident_id)  # looked up by name
    d.case("namesake", third, rid=s1.resident_id)
    d.case("namesake", third, rid="")
    return other
