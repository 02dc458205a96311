"""Another way of writing the middle dot of a Uyghur name (or none)."""
from __future__ import annotations

import random

from tooling.registry import names as registry_names

DOTS = (("•", 0.2), ("‧", 0.15), (".", 0.2), ("", 0.3), (" ", 0.1), ("・", 0.05))


def redot(name: str, rng: random.Random) -> tuple[str, str]:
    r, acc = rng.random(), 0.0
    for dot, w in DOTS:
        acc += w
        if r < acc:
            break
    label = "omitted" if not dot else "space" if dot == " " else f"U+{ord(dot):04X}"
    return name.replace(registry_names.MIDDLE_DOT, dot), label
