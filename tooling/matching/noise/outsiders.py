"""People not in the registry: synthetic people of the same villages and made-up relatives."""
from __future__ import annotations

import random
from datetime import date

import asyncpg
from stdnum.cn import ric

from tooling.registry import names as registry_names
from tooling.registry.generate import generate

from .people import RegistryPerson, sample_people


def _relative(p: RegistryPerson, rng: random.Random) -> RegistryPerson:
    male = rng.random() < 0.5
    if registry_names.MIDDLE_DOT in p.name:
        given_pool = registry_names.UYGHUR_MALE if male else registry_names.UYGHUR_FEMALE
        family = p.name.split(registry_names.MIDDLE_DOT)[1]
        name = registry_names.uyghur(rng.choice([g for g in given_pool if g != registry_names.given_name(p.name)]), family)
    else:
        name = registry_names.han(p.name[0], rng.choice(registry_names.HAN_MALE if male else registry_names.HAN_FEMALE))
    born = date.fromordinal(p.birth_date.toordinal() + rng.choice([-1, 1]) * rng.randint(365, 6 * 365))
    seq = rng.randrange(500) * 2 + (1 if male else 2)
    first17 = f"{p.resident_id[:6]}{born:%Y%m%d}{seq:03d}"
    return RegistryPerson(first17 + ric.calc_check_digit(first17 + "0"), name, "M" if male else "F", born,
                          p.village_code)


async def sample_outsiders(conn: asyncpg.Connection, n: int, seed: int) -> list[RegistryPerson]:
    """n people not in the registry: half from the generator (another seed), half relatives."""
    rng = random.Random(seed)
    made: list[RegistryPerson] = []
    for h in generate(households=max(50, n // 3), seed=seed + 7_000_000):
        made += [RegistryPerson(p.resident_id, p.name, p.gender, p.birth_date, h.village_code) for p in h.persons]
    rng.shuffle(made)
    made = made[: n - n // 2]
    made += [_relative(p, rng) for p in await sample_people(conn, n // 2, seed + 1)]
    taken = {r["resident_id"] for r in await conn.fetch(
        "SELECT resident_id FROM monitor.persons WHERE resident_id = ANY($1::text[])", [p.resident_id for p in made])}
    return [p for p in made if p.resident_id not in taken]
