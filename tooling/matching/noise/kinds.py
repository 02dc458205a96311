"""Each kind of noise applied to its exact share of a set's records (one record can get several)."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from tooling.registry import names as registry_names

from ..labelled import LabelledRecord
from .dots import redot
from .id_noise import id_format, id_typo, to_15
from .rates import NoiseRates
from .spellings import transliterate


class Noisy:
    """The records of a set being given noise; each change is tagged on the record."""

    def __init__(self, recs: list[LabelledRecord]) -> None:
        self.recs = recs

    def tag(self, i: int, label: str, **changes) -> None:
        self.recs[i] = replace(self.recs[i], noise=self.recs[i].noise + (label,), **changes)


def _pick(rng: random.Random, eligible: list[int], rate: float, n: int) -> list[int]:
    return rng.sample(eligible, min(len(eligible), round(rate * n)))


def add_id_noise(s: Noisy, rng: random.Random, rates: NoiseRates, n: int) -> None:
    """IDs missing, in the 15-digit form (people born in the 1900s), mistyped, formatted."""
    recs = s.recs
    everyone = list(range(n))
    for i in _pick(rng, everyone, rates.id_missing, n):
        s.tag(i, "id_missing", resident_id="")
    with_id = [i for i in everyone if recs[i].resident_id]
    for i in _pick(rng, [i for i in with_id if recs[i].resident_id[6:8] == "19"], rates.id_15_digit, n):
        s.tag(i, "id_15_digit", resident_id=to_15(recs[i].resident_id))
    for i in _pick(rng, with_id, rates.id_typo, n):
        s.tag(i, "id_typo", resident_id=id_typo(recs[i].resident_id, rng))
    for i in _pick(rng, with_id, rates.id_format, n):
        s.tag(i, "id_format", resident_id=id_format(recs[i].resident_id, rng))


def add_name_noise(s: Noisy, rng: random.Random, rates: NoiseRates, uyghur: list[int]) -> None:
    """Uyghur-style names (`uyghur`: their record indexes) transliterated otherwise, or re-dotted."""
    recs = s.recs
    for i in _pick(rng, uyghur, rates.transliteration, len(uyghur)):
        given, family = recs[i].name.split(registry_names.MIDDLE_DOT)
        which = rng.random()
        parts, kinds = [given, family], []
        for j in ([0] if which < 0.5 else [1] if which < 0.8 else [0, 1]):
            changed = transliterate(parts[j], rng)
            if changed:
                parts[j], kind = changed
                kinds.append(kind)
        if kinds:
            s.tag(i, "translit:" + "+".join(kinds), name=registry_names.MIDDLE_DOT.join(parts))
    for i in _pick(rng, uyghur, rates.middle_dot, len(uyghur)):
        name, label = redot(recs[i].name, rng)
        s.tag(i, f"dot:{label}", name=name)


def add_date_swaps(s: Noisy, rng: random.Random, rates: NoiseRates, n: int) -> None:
    """Day and month swapped, where the swap is another valid date."""
    recs = s.recs
    swappable = [i for i in range(n) if recs[i].birth_date.day <= 12 and recs[i].birth_date.day != recs[i].birth_date.month]
    for i in _pick(rng, swappable, rates.date_swap, n):
        d = recs[i].birth_date
        s.tag(i, "date_swap", birth_date=date(d.year, d.day, d.month))
