"""Another transliteration of a name part: four kinds (see `transliterate`)."""
from __future__ import annotations

import random

from services.monitor.matching.names.sound import pinyin
from services.monitor.matching.names.transliteration import EXTRA_TRANSLITERATION_CHARS
from services.monitor.matching.names.variants import variant_tables
from tooling.registry import names as registry_names

#: Near-sounding syllables that different writers use for one Uyghur syllable.
NEAR_SYLLABLES = {"xun": "sun", "sun": "xun", "re": "ri", "ri": "re", "ze": "zi", "zi": "ze",
                  "ke": "ge", "ge": "ke", "ti": "di", "di": "ti", "du": "dou", "dou": "du"}


def _pool() -> dict[str, list[str]]:
    chars = set(EXTRA_TRANSLITERATION_CHARS)
    for group in (registry_names.UYGHUR_MALE, registry_names.UYGHUR_FEMALE):
        for n in group:
            chars.update(n)
    by_sound: dict[str, list[str]] = {}
    for ch in sorted(chars):
        by_sound.setdefault(pinyin(ch), []).append(ch)
    return by_sound


_BY_SOUND = _pool()


def _table_variant(part: str, rng: random.Random) -> str | None:
    names, elements = variant_tables()
    spellings = {part} | {v for v, c in names.items() if c == part}
    if part in names:
        canonical = names[part]
        spellings |= {canonical} | {v for v, c in names.items() if c == canonical}
    options = sorted(spellings - {part})
    for variant, canonical in elements:
        for a, b in ((canonical, variant), (variant, canonical)):
            if a in part:
                options.append(part.replace(a, b, 1))
    options = sorted(set(options) - {part})
    return rng.choice(options) if options else None


def _homophone(part: str, rng: random.Random) -> str | None:
    spots = [(i, alt) for i, ch in enumerate(part) for alt in _BY_SOUND.get(pinyin(ch), []) if alt != ch]
    if not spots:
        return None
    i, alt = rng.choice(spots)
    return part[:i] + alt + part[i + 1:]


def _near(part: str, rng: random.Random) -> str | None:
    spots = [(i, alt) for i, ch in enumerate(part) if pinyin(ch) in NEAR_SYLLABLES
             for alt in _BY_SOUND.get(NEAR_SYLLABLES[pinyin(ch)], [])]
    if not spots:
        return None
    i, alt = rng.choice(spots)
    return part[:i] + alt + part[i + 1:]


def _er(part: str, rng: random.Random) -> str | None:
    if "尔" in part and len(part) > 2:
        return part.replace("尔", "", 1)
    if len(part) < 2:
        return None
    i = rng.randrange(1, len(part))
    return part[:i] + "尔" + part[i:]


VARIANT_KINDS = (("table", _table_variant, 0.4), ("homophone", _homophone, 0.3), ("near", _near, 0.2),
                 ("er", _er, 0.1))


def transliterate(part: str, rng: random.Random) -> tuple[str, str] | None:
    """Another spelling of a name part and the kind of change, or None if none applies."""
    r, acc = rng.random(), 0.0
    order = list(VARIANT_KINDS)
    for k, (_, _, w) in enumerate(VARIANT_KINDS):
        acc += w
        if r < acc:
            order = order[k:] + order[:k]
            break
    for kind, make, _ in order:
        out = make(part, rng)
        if out and out != part:
            return out, kind
    return None
