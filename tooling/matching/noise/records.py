"""A labelled set made from registry people and outsiders, with noise at the stated rates."""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from tooling.registry import names as registry_names

from ..labelled import LabelledRecord
from .kinds import Noisy, add_date_swaps, add_id_noise, add_name_noise
from .people import RegistryPerson
from .rates import NoiseRates


def _draw(people: Sequence[RegistryPerson], outsiders: Sequence[RegistryPerson], n: int, rates: NoiseRates,
          rng: random.Random) -> list[LabelledRecord]:
    """n records without noise, shuffled: registry people, and outsiders (truth "") at their share."""
    n_out = round(rates.not_in_registry * n)
    chosen = rng.sample(list(people), n - n_out) + rng.sample(list(outsiders), n_out)
    truth = ["" if i >= n - n_out else p.resident_id for i, p in enumerate(chosen)]
    recs = [LabelledRecord(p.resident_id, p.name, p.gender, p.birth_date, p.village_code, t)
            for p, t in zip(chosen, truth)]
    order = list(range(n))
    rng.shuffle(order)
    return [recs[i] for i in order]


def make_labelled(people: Sequence[RegistryPerson], outsiders: Sequence[RegistryPerson], n: int,
                  rates: NoiseRates = NoiseRates(), seed: int = 1) -> list[LabelledRecord]:
    """n records: registry people and outsiders (not_in_registry share), then each noise kind."""
    rng = random.Random(seed)
    s = Noisy(_draw(people, outsiders, n, rates, rng))
    uyghur = [i for i in range(n) if registry_names.MIDDLE_DOT in s.recs[i].name]
    add_id_noise(s, rng, rates, n)
    add_name_noise(s, rng, rates, uyghur)
    add_date_swaps(s, rng, rates, n)
    recs = s.recs
    for i in range(n):
        if not recs[i].true_resident_id:
            recs[i] = replace(recs[i], noise=("not_in_registry",) + recs[i].noise)
    return recs
