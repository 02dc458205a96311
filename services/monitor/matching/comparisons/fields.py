"""Levels of the fields other than the name: resident ID, gender, birth date, village
(indexes into levels.ID_LEVELS, GENDER_LEVELS, DATE_LEVELS, VILLAGE_LEVELS; None if missing)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from rapidfuzz.distance import OSA


def compare_id(a: str | None, b: str | None) -> int | None:
    if a is None or b is None:
        return None
    if a[:17] == b[:17]:
        return 0
    # One substitution, transposition, insertion or deletion; or (15-digit with a typo,
    # whose check character was recomputed) one edit in the 17 digits of the body.
    if OSA.distance(a, b, score_cutoff=1) <= 1 or OSA.distance(a[:17], b[:17], score_cutoff=1) <= 1:
        return 1
    if a[:14] == b[:14]:
        return 2
    return 3


def compare_gender(a: str | None, b: str | None) -> int | None:
    if a is None or b is None:
        return None
    return 0 if a == b else 1


def compare_date(a: date | None, b: date | None) -> int | None:
    if a is None or b is None:
        return None
    if a == b:
        return 0
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return 1
    if _digits_apart(a, b) == 1:
        return 2
    return 3 if a.year == b.year else 4


@lru_cache(maxsize=65536)
def _ymd(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _digits_apart(a: date, b: date) -> int:
    return sum(map(str.__ne__, _ymd(a), _ymd(b)))


def compare_village(a: str | None, b: str | None) -> int | None:
    if a is None or b is None:
        return None
    if a == b:
        return 0
    if a[:9] == b[:9]:
        return 1
    return 2 if a[:6] == b[:6] else 3
