"""The compared fields and their levels, strongest agreement first (the model's FIELDS)."""
from __future__ import annotations

ID_LEVELS = ("same_body", "one_edit", "same_area_and_birth", "different")
NAME_LEVELS = ("exact", "same_sound", "similar", "different")
GENDER_LEVELS = ("same", "different")
DATE_LEVELS = ("exact", "day_month_swapped", "one_digit", "same_year", "different")
VILLAGE_LEVELS = ("same", "same_township", "same_county", "different")

FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("resident_id", ID_LEVELS),
    ("given_name", NAME_LEVELS),
    ("family_name", NAME_LEVELS),  # father's given name (Uyghur) or surname (Han)
    ("gender", GENDER_LEVELS),
    ("birth_date", DATE_LEVELS),
    ("village", VILLAGE_LEVELS),
)
