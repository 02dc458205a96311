"""How a name sounds: toneless pinyin readings of its characters."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from pypinyin import lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from .parts import clean


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
