"""Whether two names are one name (a reading of it) or another person's."""
from __future__ import annotations

from ..names.parts import NameParts
from ..names.syllables import variant_of
from ..names.transliteration import is_transliterated
from .pairing import pair_parts


def names_agree(a: NameParts | None, b: NameParts | None, use_variants: bool = True) -> bool | None:
    """Whether every compared part of two names is one name by the rules of
    `names.syllables.variant_of` (exact, same sound, a table variant; and, when either name is
    transliterated (`names.transliteration.is_transliterated`), 尔 dropped or a near syllable);
    None if nothing compares. False means a part differs by a syllable no rule explains: another
    person of the family (林永康 is not 林永刚: a Han name has no transliteration variants)."""
    if a is None or b is None:
        return None
    translit = is_transliterated(a) or is_transliterated(b)
    if not a.dotted and b.dotted and variant_of(a.whole, b.given, use_variants, translit):
        return True  # the given name alone, the father's name left out
    pairs = [p for p in pair_parts(a, b, use_variants) if p is not None]
    if not pairs:
        return None
    return all(variant_of(x, y, use_variants, translit) for x, y in pairs)
