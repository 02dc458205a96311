"""The level of two name parts (levels.NAME_LEVELS): exact, same sound, similar, different."""
from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from ..names.sound import pinyin, same_sound
from ..names.variants import fold_variants

#: Pinyin Jaro-Winkler similarity from which two name parts count as `similar`.
SIMILAR_PINYIN = 0.88


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
