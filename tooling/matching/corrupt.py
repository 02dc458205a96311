"""How department clerks corrupt a resident ID or a name: the noise kinds of noise.py.

IDs: one typo (substitution, transposition, deletion, insertion), the old 15-digit form,
formatting (full-width digits, spaces, lower-case x). Names: another transliteration of a
part (four kinds, see `transliterate`) and another way of writing the middle dot.
"""
from __future__ import annotations

import random

from services.monitor.matching.names.sound import pinyin
from services.monitor.matching.names.transliteration import EXTRA_TRANSLITERATION_CHARS
from services.monitor.matching.names.variants import variant_tables
from tooling.registry import names as registry_names


# --- resident IDs -----------------------------------------------------------------------

def id_typo(rid: str, rng: random.Random) -> str:
    """One substitution (60 %), adjacent transposition (25 %), deletion (10 %) or insertion (5 %)."""
    r = rng.random()
    if r < 0.60:
        i = rng.randrange(len(rid))
        return rid[:i] + rng.choice([d for d in "0123456789" if d != rid[i]]) + rid[i + 1:]
    if r < 0.85:
        pairs = [i for i in range(len(rid) - 1) if rid[i] != rid[i + 1]]
        i = rng.choice(pairs)
        return rid[:i] + rid[i + 1] + rid[i] + rid[i + 2:]
    if r < 0.95:
        i = rng.randrange(len(rid))
        return rid[:i] + rid[i + 1:]
    i = rng.randrange(len(rid) + 1)
    return rid[:i] + rng.choice("0123456789") + rid[i:]


def to_15(rid: str) -> str:
    return rid[:6] + rid[8:17]


_FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def id_format(rid: str, rng: random.Random) -> str:
    if rid.endswith("X") and rng.random() < 0.5:
        return rid[:-1] + "x"
    if rng.random() < 0.5:
        return rid.translate(_FULL)
    return f"{rid[:6]} {rid[6:14]} {rid[14:]}"


# --- names ------------------------------------------------------------------------------

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


DOTS = (("•", 0.2), ("‧", 0.15), (".", 0.2), ("", 0.3), (" ", 0.1), ("・", 0.05))


def redot(name: str, rng: random.Random) -> tuple[str, str]:
    r, acc = rng.random(), 0.0
    for dot, w in DOTS:
        acc += w
        if r < acc:
            break
    label = "omitted" if not dot else "space" if dot == " " else f"U+{ord(dot):04X}"
    return name.replace(registry_names.MIDDLE_DOT, dot), label
