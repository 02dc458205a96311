"""What kind of difference each household and each person of a newer export is. Pure.

The comparison itself runs in SQL (compare.py) and hands over, for every household or person that
may differ, the facts below; these functions decide. Rules (issue 10, part 3):
- a household is never deleted: one missing from the export, in a county the export covers, has
  left (households.left_on); one that had left and is listed again has returned;
- a member no longer listed while his household is has left it (persons.left_on), or died when
  the export gives the death or the registry already knew it (persons.deceased_on, civil affairs);
- a member listed under another household (户编号) has moved (a split or a merge);
- a death known to the registry is never undone by an export that still lists the person alive
  (exports lag behind civil affairs' death registrations), and a person first seen dead is not
  added;
- members of a household that left keep their rows as they are: the household's left_on says it.
"""
from __future__ import annotations

from typing import NamedTuple

HOUSEHOLD_ADDED = "household_added"
HOUSEHOLD_RETURNED = "household_returned"
HOUSEHOLD_LEFT = "household_left"
HOUSEHOLD_CHANGED = "household_changed"
MEMBER_ADDED = "member_added"
MEMBER_RETURNED = "member_returned"
MEMBER_DIED = "member_died"
MEMBER_LEFT = "member_left"
MEMBER_MOVED = "member_moved"  # recorded twice: member_moved_out (old household), member_moved_in (new)
MEMBER_CHANGED = "member_changed"


class HouseholdFacts(NamedTuple):
    """One household as compare.py sees it. `changed`: the export's columns whose value differs."""

    household_id: str
    known: bool  # in the registry
    had_left: bool  # households.left_on is set
    listed: bool  # in the export
    in_scope: bool  # its county is one the export covers
    changed: tuple[str, ...] = ()


class PersonFacts(NamedTuple):
    """One person as compare.py sees it (old_*: the registry's, new_*: the export's)."""

    resident_id: str
    known: bool  # in the registry
    old_household: str | None
    had_left: bool  # persons.left_on is set
    was_dead: bool  # persons.deceased_on is set
    old_household_listed: bool  # the registry's household of the person is in the export
    listed: bool  # in the export
    new_household: str | None
    dies: bool  # the export gives a death date
    changed: tuple[str, ...] = ()


def household_kind(f: HouseholdFacts) -> str | None:
    """The household's kind of difference, None when nothing is to be done."""
    if not f.listed:
        return HOUSEHOLD_LEFT if f.known and not f.had_left and f.in_scope else None
    if not f.known:
        return HOUSEHOLD_ADDED
    if f.had_left:
        return HOUSEHOLD_RETURNED
    return HOUSEHOLD_CHANGED if f.changed else None


def person_kind(f: PersonFacts) -> str | None:
    """The person's kind of difference, None when nothing is to be done."""
    if not f.listed:
        if not f.known or f.had_left or not f.old_household_listed:
            return None
        return MEMBER_DIED if f.was_dead else MEMBER_LEFT
    if f.dies:
        return MEMBER_DIED if f.known and not f.had_left else None
    if not f.known:
        return MEMBER_ADDED
    if f.was_dead:
        return None
    if f.had_left:
        return MEMBER_RETURNED
    if f.old_household != f.new_household:
        return MEMBER_MOVED
    return MEMBER_CHANGED if f.changed else None


def households_touched(kind: str, f: PersonFacts) -> tuple[str, ...]:
    """The households whose timeline a person's difference goes into."""
    if kind == MEMBER_MOVED:
        return (f.old_household, f.new_household)
    if kind in (MEMBER_DIED, MEMBER_LEFT):
        return (f.old_household,)
    return (f.new_household,)
