"""One name or two? Whether two spellings of a name part are one name.

Two spellings are taken for one name only by rules that describe how writers transliterate
a Uyghur syllable, never by closeness alone: 吐尔逊 and 吐尔洪 are one letter apart in pinyin
and are two brothers. The rules (each a documented habit of Chinese renderings of Uyghur
names; DB65/T 2189-2005 exists to unify them):
  1. the variants table and shared readings (`variants.fold_variants`, `sound.same_sound`);
  2. 尔 (er) written or left out: it renders a syllable-final r (吐尔逊/吐逊, Tursun);
  3. near syllables: one Uyghur syllable written with initials that Chinese distinguishes and
     Uyghur does not in that position (t/d, k/g, p/b: Uyghur voicing rendered as aspiration;
     x/s/sh, j/z/zh, q/c/ch: one sibilant), or with finals e/i (Uyghur e, i, reduced vowels)
     or u/ou; only one of initial and final may differ (逊/孙 xun/sun, 热/日 re/ri, 提/地 ti/di).
古丽娜/古丽扎 (na/za) and 阿依古丽/阿孜古丽 (yi/zi) fit none of these: different names.

Rules 2 and 3 describe transliteration only. A Han name is written in its own characters, so
刚/康 (gang/kang), 思/诗 (si/shi) or 丹/坦 are simply two names (twins are named that way);
for Han names only rule 1 holds (the same characters, a shared toneless reading: a clerk's
pinyin input method offers every character of that reading, or the variants table).
Which names are transliterated: transliteration.py.
"""
from __future__ import annotations

from functools import lru_cache

from .sound import readings, same_sound
from .transliteration import made_of_transliteration
from .variants import fold_variants

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z",
             "c", "s", "y", "w")
_NEAR_INITIALS = (frozenset("td"), frozenset("kg"), frozenset("pb"), frozenset(("x", "s", "sh")),
                  frozenset(("j", "z", "zh")), frozenset(("q", "c", "ch")))
_NEAR_FINALS = (frozenset("ei"), frozenset(("u", "ou")))
ER = "尔"


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
    `transliterated` says whether the names the parts come from are
    (`transliteration.is_transliterated`, as `comparisons.agreement.names_agree` decides); None, for parts
    without their names, means: when either part is made only of transliteration characters
    (艾山/艾散 yes, 永刚/永康 no)."""
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
