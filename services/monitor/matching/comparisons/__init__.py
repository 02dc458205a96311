"""Field comparisons: a department record against one registry person, as discrete levels.

Each comparison returns the index of a level (0 is the strongest agreement) or None when the
record lacks the field; None contributes no weight (Fellegi-Sunter treats it as missing).
Level names are what an operator sees in the alert, so they say what agreed, never a value.
Modules: prepared (a person ready to compare), levels (the FIELDS and their levels), fields (ID, gender, birth date, village),
part_levels and pairing (the two name parts), agreement (whether two names are one name).
"""
from __future__ import annotations

from .prepared import Prepared
from .fields import compare_date, compare_gender, compare_id, compare_village
from .pairing import compare_names


def compare(a: Prepared, b: Prepared, use_variants: bool = True) -> tuple[int | None, ...]:
    """Levels of all levels.FIELDS for record `a` against registry person `b`."""
    given, family = compare_names(a.name, b.name, use_variants)
    return (compare_id(a.resident_id, b.resident_id), given, family, compare_gender(a.gender, b.gender),
            compare_date(a.birth_date, b.birth_date), compare_village(a.village, b.village))
