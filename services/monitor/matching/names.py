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


# --- one name or two? ----------------------------------------------------------------------
#
# Two spellings are taken for one name only by rules that describe how writers transliterate
# a Uyghur syllable, never by closeness alone: 吐尔逊 and 吐尔洪 are one letter apart in pinyin
# and are two brothers. The rules (each a documented habit of Chinese renderings of Uyghur
# names; DB65/T 2189-2005 exists to unify them):
#   1. the variants table and shared readings (`fold_variants`, `same_sound`);
#   2. 尔 (er) written or left out: it renders a syllable-final r (吐尔逊/吐逊, Tursun);
#   3. near syllables: one Uyghur syllable written with initials that Chinese distinguishes and
#      Uyghur does not in that position (t/d, k/g, p/b: Uyghur voicing rendered as aspiration;
#      x/s/sh, j/z/zh, q/c/ch: one sibilant), or with finals e/i (Uyghur e, i, reduced vowels)
#      or u/ou; only one of initial and final may differ (逊/孙 xun/sun, 热/日 re/ri, 提/地 ti/di).
# 古丽娜/古丽扎 (na/za) and 阿依古丽/阿孜古丽 (yi/zi) fit none of these: different names.
#
# Rules 2 and 3 describe transliteration only. A Han name is written in its own characters, so
# 刚/康 (gang/kang), 思/诗 (si/shi) or 丹/坦 are simply two names (twins are named that way);
# for Han names only rule 1 holds (the same characters, a shared toneless reading: a clerk's
# pinyin input method offers every character of that reading, or the variants table).
# Which names are transliterated (`is_transliterated`): a name written with a separator between
# its parts (any of SEPARATORS: the national registry writes Uyghur names given·father's name,
# Han names never have one) after a given name of two characters or more, or, the separator
# left out (noise.py drops it for a share of records), a name longer than a Han name (surname +
# at most two characters) made, but for one character at most, of `transliteration_chars`. Two names are compared by the transliteration rules when either is
# transliterated (the registry writes the dot, so a record that lost it still gets them).

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z",
             "c", "s", "y", "w")
_NEAR_INITIALS = (frozenset("td"), frozenset("kg"), frozenset("pb"), frozenset(("x", "s", "sh")),
                  frozenset(("j", "z", "zh")), frozenset(("q", "c", "ch")))
_NEAR_FINALS = (frozenset("ei"), frozenset(("u", "ou")))
ER = "尔"
#: Characters common in Chinese transliterations of Uyghur names beyond the variants table: a
#: list of our own, then those of the Uyghur given names of the synthetic registry's name lists
#: (tooling/registry/names.py, copied here: production never imports the tooling).
EXTRA_TRANSLITERATION_CHARS = ("麦迈力莉里伊乌尤苏雅喀姆罕福夫司可兹泽赫莎妮纳蒂图荪孙巴尕娅芭迪地吉积"
                               "万且乃仙佐先其农凯则加卡哈夏外如孜守山帕扎拜散日旦格比汗江海牙班瓦皮祖约耶肉胡西许赛达送鲁")
#: The longest Han name without a separator: a one-character surname and two given characters.
HAN_NAME_MAX = 3


@lru_cache(maxsize=1)
def transliteration_chars() -> frozenset[str]:
    """Characters of Chinese renderings of Uyghur names: those of the variants table (both
    columns) and EXTRA_TRANSLITERATION_CHARS."""
    names, elements = variant_tables()
    spellings = [EXTRA_TRANSLITERATION_CHARS, *names, *names.values(), *(v for e in elements for v in e)]
    return frozenset(ch for s in spellings for ch in s)


def mostly_transliteration(text: str) -> bool:
    """All characters but at most one (a writer's rarer choice: 德 in 卡德尔) are in
    `transliteration_chars`; False for a text of fewer than two characters."""
    chars = transliteration_chars()
    return len(text) > 1 and sum(ch not in chars for ch in text) <= 1


def made_of_transliteration(text: str) -> bool:
    """Every character is a transliteration character (False for an empty text)."""
    chars = transliteration_chars()
    return bool(text) and all(ch in chars for ch in text)


def is_transliterated(name: NameParts | None) -> bool:
    """Whether a name is a transliteration (a Uyghur name in Chinese characters), by the rule in
    the comment above: a separator after a given name of two characters or more (林 永刚, a Han
    surname set apart by a space, is not), or no separator and more than HAN_NAME_MAX characters,
    all but one at most in `transliteration_chars` (欧阳建国 is not). 林永刚 and 陈思 are not;
    吐尔逊·卡德尔 and 吐尔逊卡德尔 are."""
    if name is None:
        return False
    if name.dotted:
        return len(name.given) > 1
    return len(name.whole) > HAN_NAME_MAX and mostly_transliteration(name.whole)


def _split_syllable(syllable: str) -> tuple[str, str]:
    for initial in _INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial):]
    return "", syllable


def _near(a: str, b: str, groups: tuple[frozenset[str], ...]) -> bool:
    return a == b or any(a in g and b in g for g in groups)


@lru_cache(maxsize=65536)
def near_syllables(a: str, b: str) -> bool:
    """True when two toneless pinyin syllables can render one Uyghur syllable (rule 3 above)."""
    (ia, fa), (ib, fb) = _split_syllable(a), _split_syllable(b)
    if ia == ib:
        return _near(fa, fb, _NEAR_FINALS)
    return fa == fb and _near(ia, ib, _NEAR_INITIALS)


def _same_syllable(x: str, y: str) -> bool:
    return x == y or bool(readings(x) & readings(y)) or any(
        near_syllables(p, q) for p in readings(x) for q in readings(y))


@lru_cache(maxsize=262144)
def variant_of(a: str, b: str, use_variants: bool = True, transliterated: bool | None = None) -> bool:
    """True when two name parts are spellings of one name by the rules above; False when they
    differ by a syllable no rule explains (a sibling's or a twin's name). Exact and same-sound
    parts and table variants are always variants (rule 1). Rules 2 and 3 (尔 dropped from both,
    then each character a near syllable of the other) apply only to transliterated names:
    `transliterated` says whether the names the parts come from are (`is_transliterated`, as
    `comparisons.names_agree` decides); None, for parts without their names, means: when either
    part is made only of transliteration characters (艾山/艾散 yes, 永刚/永康 no)."""
    if a == b:
        return True
    fa, fb = (fold_variants(a), fold_variants(b)) if use_variants else (a, b)
    if fa == fb or same_sound(fa, fb):
        return True
    if transliterated is None:
        transliterated = made_of_transliteration(a) or made_of_transliteration(b)
    if not transliterated:
        return False
    ra, rb = fa.replace(ER, ""), fb.replace(ER, "")
    return bool(ra) and len(ra) == len(rb) and all(_same_syllable(x, y) for x, y in zip(ra, rb))
