"""Which part of a record's name is compared with which part of a registry name, and their levels."""
from __future__ import annotations

from ..names.parts import NameParts, han_split
from .part_levels import compare_part


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
