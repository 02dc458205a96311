"""Labelled department-like records made from the registry, with noise at stated rates.

`python -m tooling.matching.noise --records 20000 --seed 2 --out test.csv` (reads
DATABASE_URL). Each rate is the exact share of records that get that kind of noise (the
kinds are drawn independently, so one record can have several). People not in the registry
are half synthetic people of the same villages (the generator with another seed) and half
made-up relatives of registry people (same village and father's name or surname, another
given name and birth date): the hard negatives a department file really contains.

Transliteration noise comes from four sources, only the first of which the matcher knows
as data (docs/benchmarks.md reports the overlap): the variants table; a character replaced
by another transliteration character with the same pinyin; one replaced by a near-sounding
one (逊/孙, 热/日, 则/孜); 尔 dropped or added.
"""
from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import asyncpg
import typer
from stdnum.cn import ric

from tooling.registry import names as registry_names
from tooling.registry.generate import generate

from .corrupt import id_format, id_typo, redot, to_15, transliterate
from .labelled import LabelledRecord, write_csv

@dataclass(frozen=True)
class NoiseRates:
    """Shares of records with each kind of noise (issue 3 defaults)."""

    id_typo: float = 0.03
    id_missing: float = 0.05
    id_15_digit: float = 0.02
    transliteration: float = 0.25  # share of records with a Uyghur-style name
    middle_dot: float = 0.10  # share of records with a Uyghur-style name
    date_swap: float = 0.02
    not_in_registry: float = 0.05
    id_format: float = 0.03  # full-width digits, spaces, lower-case x: normalisation fixes these


@dataclass(frozen=True)
class RegistryPerson:
    resident_id: str
    name: str
    gender: str
    birth_date: date
    village_code: str


# --- records ----------------------------------------------------------------------------

def _pick(rng: random.Random, eligible: list[int], rate: float, n: int) -> list[int]:
    return rng.sample(eligible, min(len(eligible), round(rate * n)))


def make_labelled(people: Sequence[RegistryPerson], outsiders: Sequence[RegistryPerson], n: int,
                  rates: NoiseRates = NoiseRates(), seed: int = 1) -> list[LabelledRecord]:
    """n records: registry people and outsiders (not_in_registry share), then each noise kind."""
    rng = random.Random(seed)
    n_out = round(rates.not_in_registry * n)
    chosen = rng.sample(list(people), n - n_out) + rng.sample(list(outsiders), n_out)
    truth = ["" if i >= n - n_out else p.resident_id for i, p in enumerate(chosen)]
    recs = [LabelledRecord(p.resident_id, p.name, p.gender, p.birth_date, p.village_code, t)
            for p, t in zip(chosen, truth)]
    order = list(range(n))
    rng.shuffle(order)
    recs = [recs[i] for i in order]

    def tag(i: int, label: str, **changes) -> None:
        recs[i] = replace(recs[i], noise=recs[i].noise + (label,), **changes)

    everyone = list(range(n))
    uyghur = [i for i in everyone if registry_names.MIDDLE_DOT in recs[i].name]
    for i in _pick(rng, everyone, rates.id_missing, n):
        tag(i, "id_missing", resident_id="")
    with_id = [i for i in everyone if recs[i].resident_id]
    for i in _pick(rng, [i for i in with_id if recs[i].resident_id[6:8] == "19"], rates.id_15_digit, n):
        tag(i, "id_15_digit", resident_id=to_15(recs[i].resident_id))
    for i in _pick(rng, with_id, rates.id_typo, n):
        tag(i, "id_typo", resident_id=id_typo(recs[i].resident_id, rng))
    for i in _pick(rng, with_id, rates.id_format, n):
        tag(i, "id_format", resident_id=id_format(recs[i].resident_id, rng))
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
            tag(i, "translit:" + "+".join(kinds), name=registry_names.MIDDLE_DOT.join(parts))
    for i in _pick(rng, uyghur, rates.middle_dot, len(uyghur)):
        name, label = redot(recs[i].name, rng)
        tag(i, f"dot:{label}", name=name)
    swappable = [i for i in everyone if recs[i].birth_date.day <= 12 and recs[i].birth_date.day != recs[i].birth_date.month]
    for i in _pick(rng, swappable, rates.date_swap, n):
        d = recs[i].birth_date
        tag(i, "date_swap", birth_date=date(d.year, d.day, d.month))
    for i in everyone:
        if not recs[i].true_resident_id:
            recs[i] = replace(recs[i], noise=("not_in_registry",) + recs[i].noise)
    return recs


# --- sources ----------------------------------------------------------------------------

PEOPLE_SQL = """
SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code
FROM monitor.persons p JOIN monitor.households h USING (household_id)
ORDER BY md5(p.resident_id || $1::text) LIMIT $2
"""


async def sample_people(conn: asyncpg.Connection, n: int, seed: int) -> list[RegistryPerson]:
    """n registry people in a seeded pseudo-random order (the same seed gives the same people)."""
    return [RegistryPerson(*r) for r in await conn.fetch(PEOPLE_SQL, str(seed), n)]


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


async def build(conn: asyncpg.Connection, records: int, seed: int, rates: NoiseRates = NoiseRates()
                ) -> list[LabelledRecord]:
    return (await build_split(conn, [records], seed, rates))[0]


async def build_split(conn: asyncpg.Connection, sizes: Sequence[int], seed: int, rates: NoiseRates = NoiseRates()
                      ) -> list[list[LabelledRecord]]:
    """Labelled sets of the given sizes with no person in common (e.g. training and test)."""
    people = await sample_people(conn, sum(sizes), seed)
    wanted = [round(n * rates.not_in_registry) for n in sizes]
    outsiders = await sample_outsiders(conn, sum(wanted) + 50 * len(sizes), seed)
    out, p0, o0 = [], 0, 0
    for k, (n, w) in enumerate(zip(sizes, wanted)):
        o1 = o0 + (len(outsiders) - o0) // (len(sizes) - k)
        out.append(make_labelled(people[p0:p0 + n], outsiders[o0:o1], n, rates, seed + k))
        p0, o0 = p0 + n, o1
    return out


def main(out: Path, records: int = 20000, seed: int = 2,
         database_url: str = typer.Option(..., envvar="DATABASE_URL", help="PostgreSQL URL of the registry")) -> None:
    """Write a labelled CSV made from the registry in DATABASE_URL with the default noise rates."""
    async def run() -> list[LabelledRecord]:
        conn = await asyncpg.connect(database_url)
        try:
            return await build(conn, records, seed)
        finally:
            await conn.close()
    recs = asyncio.run(run())
    write_csv(out, recs)
    print(f"{len(recs)} labelled records written to {out}")


if __name__ == "__main__":
    typer.run(main)
