"""A re-import of a changed export (issue 10, part 3): the synthetic registry (default 294,800
households, 1.2 M persons) loaded once, then a newer export with about 1 % of its households
changed (incomes, births, members no longer listed, splits, merges, households gone) applied as a
difference in one transaction, which is rolled back so the run can be repeated; then its dry run,
and the registry's own rows again (nothing to change: the cost of reading and comparing alone).
Prints the rows each transaction wrote (pg_stat_xact_user_tables), the times (the export is
generated in memory first, outside them), and the summary lines.

    python -m benchmarks.bench_difference --database-url postgresql://postgres@127.0.0.1:55432/relapse_difference

Its own database (created when missing, loaded when its registry is not the one asked for).
No resident ID or name is printed: counts only."""
from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Iterator
from datetime import date, timedelta

import asyncpg
from stdnum.cn import ric

from benchmarks.databases import ensure_database
from deploy.local.durability import ensure_durable
from services.monitor.migrate import migrate
from services.monitor.registry.difference import apply_difference
from services.monitor.registry.rows import Household
from tooling.registry.generate import generate
from tooling.registry.generate.calibration import DEFAULT_HOUSEHOLDS, DEFAULT_SEED
from tooling.registry.load import load_synthetic_registry

WRITTEN = ("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
           "WHERE schemaname = 'monitor' AND relname = ANY($1::text[]) ORDER BY relname")
TABLES = ["households", "persons", "registry_history", "match_keys", "factors", "tasks"]


class Changes:
    """Changes about `rate` of the households (one kind each, drawn with `seed`): income, a birth, a
    member no longer listed, a split of two members into a new household, a merge into the household
    before, a household gone."""

    KINDS = ("income", "birth", "removed", "split", "merge", "gone")
    WEIGHTS = (50, 15, 15, 8, 4, 8)

    def __init__(self, rate: float, seed: int) -> None:
        self.rate, self.rng, self.births = rate, random.Random(seed), 0

    def export(self, households: Iterator[Household]) -> Iterator[Household]:
        held: Household | None = None
        for h in households:
            kind = self.rng.choices(self.KINDS, self.WEIGHTS)[0] if self.rng.random() < self.rate else None
            if kind == "merge" and held is not None and held.village_code == h.village_code:
                held = self._merged(held, h)
                continue
            if held is not None:
                yield held
            if kind == "gone":
                held = None
                continue
            if kind == "split" and len(h.persons) >= 3:
                h, new = self._split(h)
                yield new
            held = self._changed(h, kind)
        if held is not None:
            yield held

    def _changed(self, h: Household, kind: str | None) -> Household:
        if kind == "income":
            return h._replace(income_per_capita_yuan=(h.income_per_capita_yuan * self.rng.choice((80, 90, 110, 125))
                                                      / 100).quantize(h.income_per_capita_yuan))
        if kind == "birth":
            return _with(h, h.persons + (self._newborn(h),))
        if kind == "removed" and len(h.persons) >= 2:
            return _with(h, h.persons[:-1])
        return h

    def _newborn(self, h: Household):
        born = date(2026, 1, 1) + timedelta(days=self.births // 100)
        first17 = f"{h.county_code}{born:%Y%m%d}{900 + self.births % 100:03d}"[:17]
        self.births += 1
        head = h.persons[0]
        return head._replace(resident_id=first17 + ric.calc_check_digit(first17 + "0"), birth_date=born,
                             relation="child", able_to_work=False, main_earner=False,
                             gender="M" if int(first17[-1]) % 2 else "F")

    @staticmethod
    def _split(h: Household) -> tuple[Household, Household]:
        new_id = h.village_code + f"{9000 + int(h.household_id[-4:]) % 1000:04d}"
        movers = tuple(p._replace(household_id=new_id, relation="head" if i == 0 else "sibling")
                       for i, p in enumerate(h.persons[-2:]))
        return _with(h, h.persons[:-2]), _with(h._replace(household_id=new_id), movers)

    @staticmethod
    def _merged(into: Household, h: Household) -> Household:
        return _with(into, into.persons + tuple(p._replace(household_id=into.household_id, relation="sibling")
                                                for p in h.persons))


def _with(h: Household, persons: tuple) -> Household:
    return h._replace(persons=persons, members=len(persons))


async def _registry_size(conn: asyncpg.Connection) -> int:
    if not await conn.fetchval("SELECT to_regclass('monitor.households') IS NOT NULL"):
        return -1
    return await conn.fetchval("SELECT count(*) FROM monitor.households")


async def _timed_apply(conn, export, dry_run: bool) -> tuple:
    async with conn.transaction():
        started = time.perf_counter()
        summary = await apply_difference(conn, export, export_name="bench", dry_run=dry_run)
        seconds = time.perf_counter() - started
        written = await conn.fetch(WRITTEN, TABLES)
        raise _Rollback(summary, seconds, written)


class _Rollback(Exception):
    def __init__(self, *result) -> None:
        self.result = result


async def run(dsn: str, households: int, seed: int, rate: float) -> None:
    await ensure_durable(dsn)
    await ensure_database(dsn)
    await migrate(dsn)
    conn = await asyncpg.connect(dsn)
    try:
        if await _registry_size(conn) != households:
            stats = await load_synthetic_registry(dsn, households=households, seed=seed, progress=False)
            print(f"first load: {stats.households:,} households, {stats.persons:,} persons in {stats.seconds:.1f} s")
        persons = await conn.fetchval("SELECT count(*) FROM monitor.persons")
        print(f"registry: {households:,} households, {persons:,} persons (seed {seed})")
        started = time.perf_counter()
        changed = list(Changes(rate, seed).export(generate(households, seed)))  # in memory: not timed below
        print(f"export generated and changed in Python (not part of the figures below): "
              f"{sum(len(h.persons) for h in changed):,} persons in {time.perf_counter() - started:.1f} s")
        same = list(generate(households, seed))
        for label, export, dry in (("changed export", changed, False), ("changed export, dry run", changed, True),
                                   ("the registry's own rows again", same, False)):
            try:
                await _timed_apply(conn, export, dry)
            except _Rollback as done:
                summary, seconds, written = done.result
            rows = " ".join(f"{r['relname']}=+{r['n_tup_ins']}/~{r['n_tup_upd']}/-{r['n_tup_del']}" for r in written)
            print(f"{label}: {seconds:.1f} s (COPY into temporary tables, compare, write); rows "
                  f"inserted/updated/deleted: {rows or 'none'}")
            print(summary.line())
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--households", type=int, default=DEFAULT_HOUSEHOLDS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rate", type=float, default=0.01, help="share of households changed")
    args = parser.parse_args()
    asyncio.run(run(args.database_url, args.households, args.seed, args.rate))


if __name__ == "__main__":
    main()
