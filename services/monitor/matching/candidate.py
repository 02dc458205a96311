"""A registry person scored against a record, and what its field levels say."""
from __future__ import annotations

from dataclasses import dataclass, field

from .weights import FSModel

#: Birth-date levels that count as agreeing: exact, or day and month swapped (a one-digit
#: difference may be a namesake born ten days later in the same village).
BORN_AGREES = ("exact", "day_month_swapped")
_SAME_OR_SOUND = ("exact", "same_sound")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored registry person; `levels` index into the model's FIELDS (None = not compared).
    `names_agree`: every compared name part is one name by `names.syllables.variant_of` (None: no name)."""

    resident_id: str
    household_id: str
    score: float
    levels: tuple[int | None, ...]
    model: FSModel = field(repr=False, compare=False)
    id_hit: bool = False  # found by its resident ID: the score is the other fields only
    names_agree: bool | None = None

    @property
    def compared_fields(self) -> dict[str, tuple[str, float]]:
        """field -> (level, weight in bits), e.g. {'given_name': ('same_sound', 6.96)}."""
        fields = self.model.explain(self.levels)
        return {"resident_id": ("same", 0.0), **fields} if self.id_hit else fields

    def level(self, name: str) -> str | None:
        """The level name of one of the model's fields, None if not compared (or no such field)."""
        where = self.model.positions.get(name)
        if where is None or self.levels[where[0]] is None:
            return None
        return where[1][self.levels[where[0]]]

    @property
    def personal_score(self) -> float:
        """Bits from the fields that describe the person (all but the resident ID): what tells
        two members of one household apart."""
        where = self.model.positions.get("resident_id")
        if where is None:
            return self.model.score(self.levels)
        return self.model.score(tuple(None if i == where[0] else lv for i, lv in enumerate(self.levels)))

    def disagrees(self) -> str | None:
        """The first personal field that says this is someone else: name_differs (a name part
        one syllable or more away, no transliteration rule explaining it), gender_differs,
        birth_date_differs (more than a day-month swap); None if none does."""
        if self.names_agree is False:
            return "name_differs"
        if self.level("gender") == "different":
            return "gender_differs"
        if self.level("birth_date") not in (None, *BORN_AGREES):
            return "birth_date_differs"
        return None

    def agrees_fully(self) -> bool:
        """Names exact or same sound, same sex, same birth date: all compared and all agreeing."""
        return (self.names_agree is True and self.level("given_name") in _SAME_OR_SOUND
                and self.level("family_name") in (None, *_SAME_OR_SOUND) and self.level("gender") == "same"
                and self.level("birth_date") == "exact")
