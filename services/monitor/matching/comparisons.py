"""Field comparisons: a department record against one registry person, as discrete levels.

Each comparison returns the index of a level (0 is the strongest agreement) or None when the
record lacks the field; None contributes no weight (Fellegi-Sunter treats it as missing).
Level names are what an operator sees in the alert, so they say what agreed, never a value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler
from stdnum.cn import ric

from shared.resident_id import clean, upgrade_15

from .names.parts import NameParts, han_split, split_name
from .names.sound import pinyin, same_sound
from .names.syllables import variant_of
from .names.transliteration import is_transliterated
from .names.variants import fold_variants

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
#: Pinyin Jaro-Winkler similarity from which two name parts count as `similar`.
SIMILAR_PINYIN = 0.88
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
    g = gender if gender in ("M", "F") else None
    return Prepared(prepare_id(resident_id), split_name(name) if name else None, g, birth_date, village or None)


def id_is_valid(text: str | None) -> bool:
    return bool(text) and len(text) == 18 and ric.is_valid(text)


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


@lru_cache(maxsize=262144)
def compare_part(a: str, b: str, use_variants: bool = True) -> int:
    """Level of two name parts: exact, same sound (variant or homophones), similar pinyin, different."""
    if a == b:
        return 0
    fa, fb = (fold_variants(a), fold_variants(b)) if use_variants else (a, b)
    if fa == fb or same_sound(fa, fb):
        return 1
    # Folding must not hurt: 阿卜杜's 卜 reads bo by default, further from 阿布尔都 than 阿布都 is.
    if max(JaroWinkler.similarity(pinyin(a), pinyin(b)),
           JaroWinkler.similarity(pinyin(fa), pinyin(fb))) >= SIMILAR_PINYIN:
        return 2
    return 3


def pair_parts(a: NameParts | None, b: NameParts | None, use_variants: bool = True
               ) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """((record given, registry given), (record family, registry family)) as compared; a pair is
    None when that part cannot be compared. A record name without separator is split where it
    best matches the registry name (a Uyghur name whose dot was left out), or Han-style."""
    if a is None or b is None:
        return None, None
    if not b.dotted:
        bg, bf = han_split(b.whole)
        ag, af = (a.given, a.family) if a.dotted else han_split(a.whole)
        return (ag, bg), ((af, bf) if af else None)
    if a.family is not None:
        return (a.given, b.given), (a.family, b.family or "")
    if len(a.whole) < 2:
        return (a.whole, b.given), None
    best, pairs = None, None
    for k in range(1, len(a.whole)):
        given, family = (a.whole[:k], b.given), (a.whole[k:], b.family or "")
        level = compare_part(*given, use_variants) + compare_part(*family, use_variants)
        if best is None or level < best:
            best, pairs = level, (given, family)
    return pairs


def compare_names(a: NameParts | None, b: NameParts | None, use_variants: bool = True
                  ) -> tuple[int | None, int | None]:
    """(given level, family level) of the parts paired by `pair_parts`."""
    if a is not None and b is not None and b.dotted and a.family is not None:  # the common case, inline
        return compare_part(a.given, b.given, use_variants), compare_part(a.family, b.family or "", use_variants)
    given, family = pair_parts(a, b, use_variants)
    return (None if given is None else compare_part(given[0], given[1], use_variants),
            None if family is None else compare_part(family[0], family[1], use_variants))


def names_agree(a: NameParts | None, b: NameParts | None, use_variants: bool = True) -> bool | None:
    """Whether every compared part of two names is one name by the rules of `names.variant_of`
    (exact, same sound, a table variant; and, when either name is transliterated
    (`names.is_transliterated`), 尔 dropped or a near syllable); None if nothing compares.
    False means a part differs by a syllable no rule explains: another person of the family
    (林永康 is not 林永刚: a Han name has no transliteration variants)."""
    if a is None or b is None:
        return None
    translit = is_transliterated(a) or is_transliterated(b)
    if not a.dotted and b.dotted and variant_of(a.whole, b.given, use_variants, translit):
        return True  # the given name alone, the father's name left out
    pairs = [p for p in pair_parts(a, b, use_variants) if p is not None]
    if not pairs:
        return None
    return all(variant_of(x, y, use_variants, translit) for x, y in pairs)


def compare(a: Prepared, b: Prepared, use_variants: bool = True) -> tuple[int | None, ...]:
    """Levels of all FIELDS for record `a` against registry person `b`."""
    given, family = compare_names(a.name, b.name, use_variants)
    return (compare_id(a.resident_id, b.resident_id), given, family, compare_gender(a.gender, b.gender),
            compare_date(a.birth_date, b.birth_date), compare_village(a.village, b.village))
