"""Which names are transliterations (a Uyghur name in Chinese characters).

A name written with a separator between its parts (any of parts.SEPARATORS: the national
registry writes Uyghur names given·father's name, Han names never have one) after a given name
of two characters or more, or, the separator left out (tooling.matching.noise drops it for a share of
records), a name longer than a Han name (surname + at most two characters) made, but for one
character at most, of `transliteration_chars`. Two names are compared by the transliteration
rules (syllables.py) when either is transliterated (the registry writes the dot, so a record
that lost it still gets them).
"""
from __future__ import annotations

from functools import lru_cache

from .parts import NameParts
from .variants import variant_tables

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
    """Whether a name is a transliteration, by the rule in the module docstring: a separator
    after a given name of two characters or more (林 永刚, a Han surname set apart by a space,
    is not), or no separator and more than HAN_NAME_MAX characters, all but one at most in
    `transliteration_chars` (欧阳建国 is not). 林永刚 and 陈思 are not; 吐尔逊·卡德尔 and
    吐尔逊卡德尔 are."""
    if name is None:
        return False
    if name.dotted:
        return len(name.given) > 1
    return len(name.whole) > HAN_NAME_MAX and mostly_transliteration(name.whole)
