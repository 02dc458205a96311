"""How department clerks corrupt a resident ID: one typo (substitution, transposition,
deletion, insertion), the old 15-digit form, formatting (full-width digits, spaces, lower-case x)."""
from __future__ import annotations

import random


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
