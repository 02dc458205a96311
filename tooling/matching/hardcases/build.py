"""The whole hard-case set: families and their records, without a database."""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from . import family
from .maker import Maker
from .people import SEED, Family, HardCase
from .relations import add_namesakes, add_newborn, add_parent_ids
from .siblings import add_siblings, add_twins


@dataclass
class Built:
    families: list[Family]
    cases: list[HardCase]


def build(villages: Sequence[str], n_families: int, seed: int = SEED, taken: frozenset[str] = frozenset()) -> Built:
    """Families and their hard cases (no database: the caller writes the registered members).
    `taken`: resident IDs that must not be made (registry people's)."""
    rng = random.Random(seed)
    make = Maker(rng, taken)
    families: list[Family] = []
    cases: list[HardCase] = []
    for k in range(n_families):
        village = villages[k % len(villages)]
        d = family.start(rng, make, f"{village}{9000 + k // len(villages):04d}", village, cases)
        families.append(d.fam)
        s1 = add_siblings(d)
        add_twins(d)
        add_parent_ids(d, s1)
        add_newborn(d)
        other = add_namesakes(d, s1, f"{village}{9500 + k // len(villages):04d}")
        if other is not None:
            families.append(other)
    return Built(families, cases)
