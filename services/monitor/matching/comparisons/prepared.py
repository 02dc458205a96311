"""A person ready for comparison: a department record or a registry person."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from shared.resident_id import clean, upgrade_15

from ..names.parts import NameParts, split_name

_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A person ready for comparison: a department record or a registry person."""

    resident_id: str | None  # cleaned characters (18 when parseable), None if missing
    name: NameParts | None
    gender: str | None
    birth_date: date | None
    village: str | None


def prepare_id(raw: str | None) -> str | None:
    """Cleaned ID for comparison; 15-digit IDs are widened to 18. Not validated."""
    if not raw:
        return None
    text = clean(str(raw))
    if len(text) == 18 and text[:17].isdigit():
        return text
    if len(text) == 15 and text.isdigit():
        return upgrade_15(text)
    if len(text) < 14 or len(_NOT_DIGIT.sub("", text)) < 13:
        return None  # "无", "unknown", a phone number's fragment: no ID to compare
    return text


def registry_person(resident_id: str, name: str, gender: str, birth_date: date, village: str) -> Prepared:
    """A registry row: its ID is valid and clean already."""
    return Prepared(resident_id, split_name(name), gender, birth_date, village)


def prepare(resident_id, name, gender, birth_date, village) -> Prepared:
    """A department record: ID cleaned (`prepare_id`), name split, a gender other than M/F dropped."""
    g = gender if gender in ("M", "F") else None
    return Prepared(prepare_id(resident_id), split_name(name) if name else None, g, birth_date, village or None)
