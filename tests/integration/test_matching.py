"""The matcher against PostgreSQL: the loader's match keys, the blocking SQL, and the
evaluation command on a labelled file drawn from the test registry (3,000 households)."""
import os
import re
import subprocess
import sys
from dataclasses import replace

from services.monitor.matching import MatchRecord, match_batch
from services.monitor.matching.matcher import default_model
from tooling.matching.noise.sets import build
from tooling.matching.evaluate.runner import run_matcher
from tooling.matching.evaluate.scores import scores_of
from tooling.matching.labelled import write_csv

LAST_LINE = re.compile(r"precision=\d\.\d{4} recall=\d\.\d{4} f1=\d\.\d{4} review=\d\.\d{4} rps=\d+")


async def test_the_registry_loader_writes_three_match_keys_per_person(db):
    persons = await db.fetchval("SELECT count(*) FROM monitor.persons")
    kinds = dict(await db.fetch("SELECT left(block_key, 1), count(*) FROM monitor.match_keys GROUP BY 1"))
    assert kinds == {"v": persons, "d": persons, "n": persons}


async def test_each_kind_of_block_key_finds_the_person_without_an_id(db):
    [p] = await db.fetch("SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code "
                         "FROM monitor.persons p JOIN monitor.households h USING (household_id) "
                         "ORDER BY p.resident_id LIMIT 1 OFFSET 100")
    full = MatchRecord("", p["name"], p["gender"], p["birth_date"], p["village_code"])
    variants = {
        "village and year": full,
        "county and date (village code wrong)": replace(full, village_code=p["village_code"][:6] + "999999"),
        "village and initial (no birth date)": replace(full, birth_date=None),
        "one-edit neighbour of a mistyped ID": replace(full, resident_id=p["resident_id"][:9] + str(
            (int(p["resident_id"][9]) + 1) % 10) + p["resident_id"][10:], village_code=None),
    }
    results = await match_batch(db, list(variants.values()))
    for label, r in zip(variants, results):
        assert p["resident_id"] in {c.resident_id for c in r.candidates}, label


async def test_a_noisy_labelled_file_links_precisely_through_the_real_queries(db):
    recs = await build(db, 600, seed=3)
    results, seconds = await run_matcher(db, recs, default_model(), batch=200)
    s = scores_of(recs, results)
    assert s.precision >= 0.99 and s.recall >= 0.97, s


async def test_the_evaluation_command_ends_with_the_agreed_line(database, tmp_path):
    import asyncpg
    conn = await asyncpg.connect(database)
    try:
        write_csv(tmp_path / "labelled.csv", await build(conn, 200, seed=4))
    finally:
        await conn.close()
    out = subprocess.run([sys.executable, "-m", "tooling.matching.evaluate", str(tmp_path / "labelled.csv")],
                         env={**os.environ, "DATABASE_URL": database}, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert LAST_LINE.fullmatch(out.stdout.strip().splitlines()[-1])
