"""Issue 15: a clerk types the household head's or a sibling's ID. Which members of the ID
owner's household the record could describe, and when the evidence for one is decisive."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from .candidate import BORN_AGREES, Candidate
from .comparisons.prepared import Prepared


def relatives_to_score(rec: Prepared, owner: Candidate, members: Sequence[Mapping]) -> list[Mapping]:
    """The household members that could fit the record as well as its ID's owner. When the owner
    agrees (names, sex, birth date exact or swapped), only a member born the same day (or on the
    swapped date) can: another birth date weighs more than the difference between two spellings
    of one name. Otherwise every member is compared."""
    if rec.birth_date is None or owner.disagrees() is not None:
        return list(members)
    born = rec.birth_date
    return [m for m in members if m["birth_date"] == born
            or (m["birth_date"].day == born.month and m["birth_date"].month == born.day
                and m["birth_date"].year == born.year)]


def _describes_someone(owner: Candidate) -> bool:
    """The record says who it is for beyond its ID: a name or a birth date was compared."""
    return owner.level("given_name") is not None or owner.level("birth_date") is not None


def rivals(owner: Candidate, relatives: Sequence[Candidate]) -> list[Candidate]:
    """Members of the ID owner's household whom the record's name, sex and birth date fit as well
    as the owner or better (issue 15: compare with every member before deciding), best first."""
    if not _describes_someone(owner):
        return []
    found = [r for r in relatives if r.personal_score >= owner.personal_score]
    return sorted(found, key=lambda r: -r.personal_score)


def decisive_relative(owner: Candidate, rivals_: Sequence[Candidate]) -> Candidate | None:
    """The member an ID hit links to instead of the ID's owner, or None. Decisive only when the
    record contradicts its own ID on every personal field that an ID carries or names (the
    owner's name differs beyond a variant, and the sex and birth date written in the ID differ
    too), and exactly one member of the household agrees exactly (names exact or same sound,
    sex, birth date). A brother's ID on a brother's bill is never decisive: it goes to review."""
    exact = [r for r in rivals_ if r.agrees_fully()]
    return exact[0] if contradicts_its_id(owner) and len(exact) == 1 else None


def contradicts_its_id(owner: Candidate) -> bool:
    """The record contradicts its ID's owner on every personal field an ID carries or names: the
    name differs beyond a variant, and the sex and the birth date written in the ID differ too."""
    return (owner.names_agree is False and owner.level("gender") == "different"
            and owner.level("birth_date") not in (None, *BORN_AGREES))
