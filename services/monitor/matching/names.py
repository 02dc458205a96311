"""Personal names for matching: split at the middle dot, fold known variants, read as pinyin.

Uyghur names in Chinese records are `given·father's given name` (阿卜杜拉·买买提); departments
write the dot as · • ‧ . ・ or a space, or leave it out. Han names are surname + given name.
A name is compared as two parts, `given` and `family` (the father's name for Uyghur names,
the surname for Han names), each on the characters and on their toneless pinyin, so that
transliteration variants (阿卜杜拉/阿不都拉, 古丽/古力) still agree.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

VARIANTS_CSV = Path(__file__).resolve().parent / "data" / "transliteration_variants.csv"

#: Characters written between the given name and the father's name (after NFKC folding,
#: which already maps the full-width and small forms to these).
SEPARATORS = "·•‧.・∙⋅‐-丶 "
_SPLIT = re.compile("[" + re.escape(SEPARATORS) + "]+")
_DROP = re.compile(r"[^\w" + re.escape(SEPARATORS) + "]")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name as compared: `family` is None when the name had no separator and its split is
    decided per comparison (a Uyghur name whose dot was left out looks like one word)."""

    given: str
    family: str | None
    whole: str  # all parts joined without separators
    dotted: bool


def clean(text: str) -> str:
    """NFKC (full-width forms to ASCII), separators unified to one, other punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = _DROP.sub("", folded)
    return _SPLIT.sub("·", folded).strip("·")


@lru_cache(maxsize=65536)
def split_name(text: str) -> NameParts | None:
    """Split at the first separator; names without one keep `family=None`."""
    name = clean(text or "")
    if not name:
        return None
    if "·" in name:
        given, family = name.split("·", 1)
        family = family.replace("·", "")
        return NameParts(given, family or None, given + family, True)
    return NameParts(name, None, name, False)


def han_split(whole: str) -> tuple[str, str]:
    """Han order: one-character surname first (compound surnames are rare in the registry)."""
    return whole[1:], whole[:1]


@lru_cache(maxsize=1)
def variant_tables() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(whole-name variant -> canonical, [(element variant, canonical)] longest first)."""
    names: dict[str, str] = {}
    elements: list[tuple[str, str]] = []
    with VARIANTS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["scope"] == "name":
                names[row["variant"]] = row["canonical"]
            else:
                elements.append((row["variant"], row["canonical"]))
    elements.sort(key=lambda e: -len(e[0]))  # longest element first
    return names, elements


@lru_cache(maxsize=65536)
def fold_variants(part: str) -> str:
    """One spelling for all variants of a name part that the table knows (unchanged if none).
    Whole-name and element rules are applied until nothing changes, so folding is idempotent
    and two variants of one name always fold to the same text."""
    names, elements = variant_tables()
    for _ in range(4):
        before = part
        part = names.get(part, part)
        for variant, canonical in elements:
            if variant in part:
                part = part.replace(variant, canonical)
        if part == before:
            break
    return part


def _toneless(reading: str) -> str:
    base = unicodedata.normalize("NFD", reading)
    return "".join(c for c in base if not unicodedata.combining(c)).replace("ü", "v")


@lru_cache(maxsize=16384)
def readings(ch: str) -> frozenset[str]:
    """All toneless pinyin readings of a character (itself if it has none, e.g. a digit)."""
    found = pinyin_dict.get(ord(ch))
    if not found:
        return frozenset((ch.lower(),))
    return frozenset(_toneless(r) for r in found.split(","))


@lru_cache(maxsize=16384)
def _char_pinyin(ch: str) -> str:
    # One character at a time: phrase context would read the same character differently.
    return lazy_pinyin(ch)[0].lower() if "\u3400" <= ch <= "\u9fff" else ch.lower()


@lru_cache(maxsize=65536)
def pinyin(part: str) -> str:
    """Toneless pinyin of a part, default reading per character, no spaces."""
    return "".join(_char_pinyin(ch) for ch in part)


@lru_cache(maxsize=65536)
def same_sound(a: str, b: str) -> bool:
    """Same length and every pair of characters shares a reading (都 dōu/dū and 杜 dù: du)."""
    return len(a) == len(b) and all(x == y or readings(x) & readings(y) for x, y in zip(a, b))


@lru_cache(maxsize=16384)
def initial(text: str) -> str:
    """First letter of the pinyin of the name's first character: a blocking key part."""
    name = clean(text or "").replace("·", "")
    return _char_pinyin(name[0])[:1] if name else ""
