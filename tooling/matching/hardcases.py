"""The hard-case set of relatives (issue 15): records that a matcher links to the wrong member
of a family, measured on families built here and never used for fitting (fit.py does not
import this module; its seed is its own).

    python -m tooling.matching.hardcases [--families 300] [--seed 15015]   (reads DATABASE_URL)

Families are synthetic (names from the registry's lists, IDs valid under GB 11643-1999 and
assigned to nobody in the registry) and are written into the registry of the database given,
among its real neighbours, inside a transaction that is rolled back after matching: the
registry is left as it was. Kinds of record, each with its truth (a registry ID, or "" for a
person not in the registry):
- sibling_id: a sibling's bill carrying the other sibling's valid ID; the two given names
  differ by one syllable that no transliteration rule explains (吐尔逊/吐尔洪);
- sibling_absent: the same when the sibling named on the bill is not in the registry (with the
  other's ID, with an ID nobody has, without ID, without ID and with the other's birth date);
- sibling_no_id: a registered sibling's record without ID;
- twin_id, twin_no_id, twin_absent: twins (same household and birth date, given names one
  syllable apart), both registered or only one (古丽娜/古丽扎);
- parent_id: a member's bill carrying the household head's ID (a child's, the spouse's), and
  the head's bill carrying a child's ID;
- newborn: a baby not yet registered, billed under the mother's ID;
- namesake: two people of one village with the same full name in two households, without ID,
  one carrying the other's ID, and a third namesake not in the registry (with and without an ID).
The score: W = automatic links to the wrong person, or to anyone for a person not in the
registry; R = share of records sent to review. The line is exactly
`hardcase_records=N hardcase_wrong=W hardcase_review=R`.
"""
from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import asyncpg
import typer
from stdnum.cn import ric

from services.monitor.matching import blocking
from services.monitor.matching import names as nm
from services.monitor.matching import MatchRecord, MatchResult, match_batch
from services.monitor.matching.weights import FSModel, load_model
from tooling.registry import names as rn

SEED = 15015
FAMILIES = 300
_POOL = "".join(sorted({ch for n in rn.UYGHUR_MALE + rn.UYGHUR_FEMALE for ch in n} - {nm.ER}))
_HAN_GIVEN = "国华军强明伟平安文武德志红英兰芳"


@dataclass
class Person:
    resident_id: str
    name: str
    gender: str
    birth_date: date
    relation: str
    registered: bool = True


@dataclass
class Family:
    household_id: str
    village_code: str
    people: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class HardCase:
    kind: str
    record: MatchRecord
    truth: str  # registry ID of the person the record is about, "" if not in the registry


@dataclass(frozen=True)
class HardScores:
    records: int
    wrong: int
    review: int
    by_kind: dict[str, Counter]

    @property
    def review_share(self) -> float:
        return self.review / self.records if self.records else 0.0

    def line(self) -> str:
        return f"hardcase_records={self.records} hardcase_wrong={self.wrong} hardcase_review={self.review_share:.4f}"

    def table(self) -> list[str]:
        cols = ("records", "right", "wrong", "review", "not_linked")
        out = [f"{'hard case':<18}" + "".join(f"{c:>11}" for c in cols)]
        for kind, c in sorted(self.by_kind.items()):
            out.append(f"{kind:<18}" + "".join(f"{c[k]:>11}" for k in cols))
        return out


# --- families ------------------------------------------------------------------------------------

class _Maker:
    def __init__(self, rng: random.Random, taken: frozenset[str] = frozenset()):
        self.rng = rng
        self.used: set[str] = set(taken)  # IDs not to make: made already, or someone's in the registry

    def resident_id(self, county: str, born: date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(499) * 2 + (1 if gender == "M" else 2)
            first17 = f"{county}{born:%Y%m%d}{seq:03d}"
            rid = first17 + ric.calc_check_digit(first17 + "0")
            if rid not in self.used and not rid.endswith("000"):
                self.used.add(rid)
                return rid

    def born(self, start: int, end: int) -> date:
        return date(start, 1, 1) + timedelta(days=self.rng.randrange((date(end, 12, 31) - date(start, 1, 1)).days))

    def one_syllable_away(self, given: str, taken: set[str], han: bool) -> str:
        """Another given name: one character replaced so that no transliteration rule joins the two."""
        while True:
            i = self.rng.randrange(len(given))
            if given[i] == nm.ER:
                continue
            new = given[:i] + self.rng.choice(_HAN_GIVEN if han else _POOL) + given[i + 1:]
            if new not in taken and not nm.variant_of(new, given, transliterated=not han):
                return new

    def person(self, fam: Family, name: str, gender: str, born: date, relation: str, registered: bool = True) -> Person:
        p = Person(self.resident_id(fam.village_code[:6], born, gender), name, gender, born, relation, registered)
        fam.people.append(p)
        return p


def _given(rng: random.Random, gender: str, han: bool) -> str:
    if han:
        return rng.choice(rn.HAN_MALE if gender == "M" else rn.HAN_FEMALE)
    return rng.choice(rn.UYGHUR_MALE if gender == "M" else rn.UYGHUR_FEMALE)


def _name(given: str, family: str, han: bool) -> str:
    return rn.han(family, given) if han else rn.uyghur(given, family)


@dataclass
class _Built:
    families: list[Family]
    cases: list[HardCase]


def build(villages: Sequence[str], n_families: int, seed: int = SEED, taken: frozenset[str] = frozenset()) -> _Built:
    """Families and their hard cases (no database: the caller writes the registered members).
    `taken`: resident IDs that must not be made (registry people's)."""
    rng = random.Random(seed)
    make = _Maker(rng, taken)
    families: list[Family] = []
    cases: list[HardCase] = []

    def case(kind: str, p: Person, *, rid: str | None = None, born: date | None = None, village: str) -> None:
        cases.append(HardCase(kind, MatchRecord(p.resident_id if rid is None else rid, p.name, p.gender,
                                                born or p.birth_date, village), p.resident_id if p.registered else ""))

    for k in range(n_families):
        village = villages[k % len(villages)]
        han = rng.random() < 0.15
        fam = Family(f"{village}{9000 + k // len(villages):04d}", village)
        families.append(fam)
        surname = rng.choice(rn.HAN_SURNAMES)
        head_given = _given(rng, "M", han)
        head = make.person(fam, _name(head_given, surname if han else _given(rng, "M", False), han), "M",
                           make.born(1950, 1972), "head")
        spouse = make.person(fam, _name(_given(rng, "F", han), rng.choice(rn.HAN_SURNAMES) if han
                                        else _given(rng, "M", False), han), "F",
                             head.birth_date + timedelta(days=rng.randrange(-1500, 1500)), "spouse")
        family_part = surname if han else head_given
        first_year = head.birth_date.year + 20
        taken: set[str] = set()

        def child(gender: str, given: str, born: date, registered: bool = True) -> Person:
            taken.add(given)
            return make.person(fam, _name(given, family_part, han), gender, born, "child", registered)

        # Siblings whose given names are one syllable apart; the second not always registered.
        g = rng.choice("MF")
        s1_given = _given(rng, g, han)
        s1 = child(g, s1_given, make.born(first_year, first_year + 8))
        s2 = child(g, make.one_syllable_away(s1_given, taken | {s1_given}, han),
                   make.born(first_year + 2, first_year + 14), registered=rng.random() < 0.5)
        if s2.registered:
            case("sibling_id", s2, rid=s1.resident_id, village=village)
            case("sibling_id", s1, rid=s2.resident_id, village=village)
            case("sibling_no_id", s1, rid="", village=village)
            case("sibling_no_id", s2, rid="", village=village)
        else:
            case("sibling_absent", s2, rid=s1.resident_id, village=village)
            case("sibling_absent", s2, village=village)  # an ID nobody in the registry has
            case("sibling_absent", s2, rid="", village=village)
            case("sibling_absent", s2, rid="", born=s1.birth_date, village=village)  # the brother's birth date
            case("sibling_own_id", s1, village=village)
        # Twins in four families out of ten: same birth date, names one syllable apart.
        if rng.random() < 0.4:
            g = rng.choice("MF")
            born = make.born(first_year + 4, min(first_year + 20, 2024))
            t1_given = _given(rng, g, han)
            t1 = child(g, t1_given, born)
            t2 = child(g, make.one_syllable_away(t1_given, taken | {t1_given}, han), born, registered=rng.random() < 0.5)
            if t2.registered:
                case("twin_id", t2, rid=t1.resident_id, village=village)
                case("twin_no_id", t1, rid="", village=village)
                case("twin_no_id", t2, rid="", village=village)
            else:
                case("twin_absent", t2, rid=t1.resident_id, village=village)
                case("twin_absent", t2, village=village)
                case("twin_absent", t2, rid="", village=village)
        # A member's bill under the head's ID, and the head's under a child's.
        case("parent_id", s1, rid=head.resident_id, village=village)
        case("parent_id", spouse, rid=head.resident_id, village=village)
        case("parent_id", head, rid=s1.resident_id, village=village)
        # A baby not yet registered, billed under the mother's ID.
        if rng.random() < 0.3:
            baby_gender = rng.choice("MF")
            baby = Person("", _name(_given(rng, baby_gender, han), family_part, han), baby_gender,
                          make.born(2025, 2025), "child", registered=False)
            case("newborn", baby, rid=spouse.resident_id, village=village)
        # Namesakes: another household of the village whose son or daughter has s1's full name.
        if rng.random() < 0.3:
            other = Family(f"{village}{9500 + k // len(villages):04d}", village)
            families.append(other)
            make.person(other, _name(_given(rng, "M", han), surname if han else _given(rng, "M", False), han),
                        "M", make.born(1950, 1972), "head")
            twin_name = make.person(other, s1.name, s1.gender, make.born(first_year, first_year + 12), "child")
            third_born = make.born(first_year, first_year + 12)
            third = Person(make.resident_id(village[:6], third_born, s1.gender), s1.name, s1.gender, third_born,
                           "child", registered=False)
            case("namesake", s1, rid="", village=village)
            case("namesake", twin_name, rid="", village=village)
            case("namesake", twin_name, rid=s1.resident_id, village=village)  # looked up by name
            case("namesake", third, rid=s1.resident_id, village=village)
            case("namesake", third, rid="", village=village)
    return _Built(families, cases)


# --- the registry, temporarily ------------------------------------------------------------------

def _rows(families: Sequence[Family]) -> tuple[list[tuple], list[tuple], list[tuple]]:
    households, persons, keys = [], [], []
    for fam in families:
        registered = [p for p in fam.people if p.registered]
        v = fam.village_code
        households.append((fam.household_id, v[:6], v[:9], v, "general", len(registered), Decimal("9000.00"), 2025))
        for p in registered:
            persons.append((p.resident_id, fam.household_id, p.name, p.gender, p.birth_date, p.relation, True,
                            p.relation == "head"))
            for key in (blocking.village_year_key(v, p.birth_date.year), blocking.county_date_key(v[:6], p.birth_date),
                        blocking.village_initial_key(v, nm.initial(p.name))):
                keys.append((key, p.resident_id, fam.household_id, p.name, p.gender, p.birth_date, v))
    return households, persons, keys


async def _villages(conn: asyncpg.Connection, n: int, seed: int) -> list[str]:
    rows = await conn.fetch("SELECT village_code FROM monitor.households GROUP BY village_code "
                            "ORDER BY md5(village_code || $1::text) LIMIT $2", str(seed), n)
    return [r["village_code"] for r in rows]


async def _taken(conn: asyncpg.Connection, built: _Built) -> set[str]:
    """The resident IDs of the set that someone in the registry has."""
    ids = [p.resident_id for f in built.families for p in f.people if p.resident_id]
    ids += [c.record.resident_id for c in built.cases if c.record.resident_id]
    return {r["resident_id"] for r in await conn.fetch(
        "SELECT resident_id FROM monitor.persons WHERE resident_id = ANY($1::text[])", ids)}


async def build_for(conn: asyncpg.Connection, families: int, seed: int) -> _Built:
    """The set for this registry: rebuilt (deterministically) until no ID it makes is anyone's."""
    villages = await _villages(conn, max(1, families // 3), seed)
    if not villages:
        raise RuntimeError("the registry is empty: load it first")
    taken: set[str] = set()
    for _ in range(10):
        built = build(villages, families, seed, frozenset(taken))
        clash = await _taken(conn, built)
        if not clash:
            hh = [f.household_id for f in built.families]
            if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM monitor.households "
                                   "WHERE household_id = ANY($1::text[]))", hh):
                raise RuntimeError("a hard-case household ID (village + 9000..9999) is in the registry")
            return built
        taken |= clash
    raise RuntimeError("hard-case IDs keep colliding with the registry")


def score(cases: Sequence[HardCase], results: Sequence[MatchResult]) -> HardScores:
    by_kind: dict[str, Counter] = {}
    wrong = review = 0
    for c, r in zip(cases, results):
        linked = r.resident_id if r.band == "link" else None
        bad = linked is not None and linked != c.truth
        wrong += bad
        review += r.band == "review"
        by_kind.setdefault(c.kind, Counter()).update(
            {"records": 1, "right": bool(linked) and not bad, "wrong": bad, "review": r.band == "review",
             "not_linked": linked is None})
    return HardScores(len(cases), wrong, review, by_kind)


async def run(conn: asyncpg.Connection, model: FSModel, families: int = FAMILIES, seed: int = SEED,
              batch: int = 1000) -> HardScores:
    """Write the families into the registry, match every hard case, roll the registry back."""
    built = await build_for(conn, families, seed)
    households, persons, keys = _rows(built.families)
    tx = conn.transaction()
    await tx.start()
    try:
        await conn.copy_records_to_table("households", schema_name="monitor", records=households,
                                         columns=("household_id", "county_code", "township_code", "village_code",
                                                  "category", "members", "income_per_capita_yuan", "income_year"))
        await conn.copy_records_to_table("persons", schema_name="monitor", records=persons,
                                         columns=("resident_id", "household_id", "name", "gender", "birth_date",
                                                  "relation", "able_to_work", "main_earner"))
        await conn.copy_records_to_table("match_keys", schema_name="monitor", records=keys,
                                         columns=("block_key", "resident_id", "household_id", "name", "gender",
                                                  "birth_date", "village_code"))
        results: list[MatchResult] = []
        records = [c.record for c in built.cases]
        for i in range(0, len(records), batch):
            results += await match_batch(conn, records[i:i + batch], model=model)
    finally:
        await tx.rollback()
    return score(built.cases, results)


def main(families: int = FAMILIES, seed: int = SEED,
         database_url: str = typer.Option(..., envvar="DATABASE_URL", help="PostgreSQL URL of the registry")) -> None:
    """Match the hard-case set with the shipped model; print a table and the agreed line."""
    async def go() -> HardScores:
        conn = await asyncpg.connect(database_url)
        try:
            return await run(conn, load_model(), families, seed)
        finally:
            await conn.close()
    s = asyncio.run(go())
    print("\n".join(s.table()))
    print(s.line())


if __name__ == "__main__":
    typer.run(main)
