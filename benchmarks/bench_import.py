"""File import end to end: a generated health-insurance .xlsx (1% bad rows, one defect each) is
read, validated, written to the department's outbox and published to Kafka, as
`python -m services.health_insurance import` does it.

    python -m benchmarks.bench_import [--rows 100000] [--bad-rate 0.01]   (what `make bench-import` runs)

Needs Kafka and PostgreSQL (deploy/local, from .local/env or the environment). It uses its own
topics (TOPIC_PREFIX bench1.) and its own database (relapse_bench_import, dropped and created
again), so a running demo is not disturbed. The timed part starts when the file is opened and
ends when Kafka has acknowledged the last event (the schema and topic are made before). The last line is exactly
`rows=N rows_per_s=R errors_reported=E` (E: rows in the error report).
"""
import os
from shared.kafka_security import client_options

# Before shared.topics is imported: the demo's monitor must not consume 100,000 benchmark bills.
os.environ.setdefault("TOPIC_PREFIX", "bench1.")

import asyncio  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from random import Random  # noqa: E402

import asyncpg  # noqa: E402
import typer  # noqa: E402
from aiokafka import AIOKafkaConsumer, TopicPartition  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from deploy.local.durability import ensure_durable  # noqa: E402
from deploy.local.control import Local  # noqa: E402
from deploy.local.paths import ENV_FILE, LOCAL  # noqa: E402
from deploy.local.postgres import fresh_database  # noqa: E402
from services.health_insurance.department import DEPARTMENT  # noqa: E402
from shared import logging as slog  # noqa: E402
from shared import topics  # noqa: E402
from shared.kafka_admin import delete_topics, ensure_topics  # noqa: E402
from shared.kit.importing.job import run_import  # noqa: E402
from shared.kit.store.schema import migrate  # noqa: E402
from shared.settings import InfraSettings  # noqa: E402
from tooling.simulate.monthly_file import write_month_file  # noqa: E402
from tooling.simulate.people import SimPerson  # noqa: E402

DATABASE = "relapse_bench_import"
FILES = LOCAL / "bench"


def _people(n: int, seed: int) -> list[SimPerson]:
    """Valid IDs of Kashgar city; the importer does not look people up, the monitor would."""
    rng = Random(seed)
    people = []
    for i in range(n):
        born = date.fromordinal(date(1950, 1, 1).toordinal() + rng.randrange(365 * 70))
        first17 = f"653101{born:%Y%m%d}{i % 1000:03d}"
        people.append(SimPerson(first17 + ric.calc_check_digit(first17 + "0"), f"买买提·艾力{i}", rng.choice("MF"),
                                born, "653101100201", f"653101100201{i % 10000:04d}", i % 4 == 0))
    return people


def _file(rows: int, bad_rate: float) -> tuple[Path, int]:
    """The generated file, kept between runs (writing 100,000 rows takes longer than importing them)."""
    path = FILES / f"health_insurance-{rows}-{bad_rate}.xlsx"
    marker = path.with_suffix(".bad")
    if not (path.exists() and marker.exists()):
        print(f"generating {path} ...", flush=True)
        written = write_month_file(DEPARTMENT, _people(20_000, 1), date(2026, 10, 1), rows, 1, path,
                                   bad_rate=bad_rate)
        marker.write_text(str(len(written.bad_rows)))
    return path, int(marker.read_text())


def _env() -> dict:
    env = dict(line.split("=", 1) for line in ENV_FILE.read_text().splitlines() if "=" in line) \
        if ENV_FILE.exists() else {}
    return {**env, **{k: os.environ[k] for k in ("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "PARTITION_KEY_SECRET")
                      if k in os.environ}}


async def _messages_in(bootstrap: str, topic: str, partitions: int) -> int:
    consumer = AIOKafkaConsumer(**client_options(bootstrap), enable_auto_commit=False)
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(parts)
        return sum((await consumer.end_offsets(parts)).values())
    finally:
        await consumer.stop()


async def run(rows: int, bad_rate: float) -> tuple[int, float, int, int]:
    env = _env()
    os.environ.update(Local().admin_login())  # the bench deletes and makes the topic again: admin; the import logs
    # in as the department itself (run_import)
    await ensure_durable(env["DATABASE_URL"])
    path, bad = _file(rows, bad_rate)
    settings = InfraSettings(kafka_bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"],
                             database_url=await fresh_database(env["DATABASE_URL"], DATABASE),
                             partition_key_secret=env.get("PARTITION_KEY_SECRET", "bench-secret-0123456789"))
    topic = topics.events_topic(DEPARTMENT.code)
    await delete_topics(settings.kafka_bootstrap_servers, [topic])
    try:
        # The department's schema and topic exist before a real import; making them is not timed.
        await ensure_topics(settings.kafka_bootstrap_servers, [topic], settings.topic_partitions)
        conn = await asyncpg.connect(settings.database_url)
        try:
            await migrate(conn, DEPARTMENT.code)
        finally:
            await conn.close()
        started = time.perf_counter()
        summary = await run_import(DEPARTMENT, path, settings)
        seconds = time.perf_counter() - started
        in_kafka = await _messages_in(settings.kafka_bootstrap_servers, topic, settings.topic_partitions)
    finally:
        await delete_topics(settings.kafka_bootstrap_servers, [topic])
    print(f"file: {path.name}, {summary.rows:,} rows, {bad:,} generated bad; published {summary.published:,}, "
          f"in Kafka {in_kafka:,}; {seconds:.1f} s from opening the file to Kafka's last acknowledgement")
    if in_kafka < summary.published or summary.bad_rows != bad:
        print(f"MISMATCH: Kafka has {in_kafka:,} of {summary.published:,}; {summary.bad_rows:,} rows reported "
              f"bad, {bad:,} generated")
    return summary.rows, seconds, summary.bad_rows, bad


def main(rows: int = typer.Option(100_000, min=1), bad_rate: float = typer.Option(0.01, min=0, max=1)) -> None:
    slog.configure("bench-import", level="WARNING")
    n, seconds, reported, generated = asyncio.run(run(rows, bad_rate))
    print(f"rows={n} rows_per_s={n / seconds:.0f} errors_reported={reported}")
    if reported != generated:
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
