"""`make bench` (issue 12): the monitor end to end at prefecture scale, beside the broker's and
PostgreSQL's own ceilings on the same messages, in one run on one machine.

    python -m benchmarks.bench_monitor [--persons 4500000] [--events 100000] [--rate 1000] [--latency-s 60]

1. Registry: `benchmarks.bench_registry.registry_figures` loads `persons` from an export with our
   import (registry_load_s) and times PostgreSQL's own COPY plus the same keys, indexes and match
   keys by plain SQL (copy_s); our loaded registry is the template of every database below
   (each a file copy of it, so every run starts from the same registry).
2. `events` department events (the departments' simulators over registry people) are published on
   the department topics of a prefix of the run's own (6 partitions each) before any clock starts.
3. Ceilings on those messages: a bare aiokafka consumer reading them, the same with json.loads of
   each value, and PostgreSQL's COPY of the rows the monitor wrote for them (benchmarks.bench_copy).
   ceiling_eps is the lowest of the JSON reader and the COPY: work any consumer that parses the
   events and writes what they cause must do.
4. One monitor process (`python -m services.monitor`, the monitor's own Kafka login) reads them:
   events per second from its start to every offset committed (after the database commit) and its
   outbox sent to Kafka; its peak resident memory (VmHWM).
5. Latency: new events at a fixed `rate` for `latency_s` seconds on another prefix, with the monitor
   running; from each event handed to the producer to its alert read on monitor.alerts.v1.
6. Two monitor processes in one consumer group on the messages of step 2 (another prefix, a fresh
   database).
PostgreSQL stays durable (fsync and synchronous_commit are checked and printed). The last line is exactly
`monitor_eps=N ceiling_eps=C ratio=R p99_ms=L registry_load_s=T copy_s=S rss_mb=M two_instances_eps=N2`.
"""
import asyncio
import os
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path

import asyncpg
import typer

from benchmarks import bench_ceiling
from benchmarks.bench_copy import copy_written
from benchmarks.cpu_use import CpuMeter
from benchmarks.bench_events import department_events, prefixed, publish_all, publish_paced, sample_people
from benchmarks.bench_latency import AlertClock, percentile
from benchmarks.bench_registry import registry_dsn, registry_figures
from benchmarks.databases import clone_database, drop_database
from benchmarks.monitor_processes import MonitorProcess, start_monitor
from deploy.local.control import Local
from deploy.local.paths import ENV_FILE, read_env_file
from deploy.topics import all_topics
from shared import topics
from shared.contracts.catalog import DEPARTMENT_EVENTS
from shared.kafka_admin import delete_topics, ensure_topics
from shared.kafka_lag import consumer_lag
from shared.outbox.backlog import outbox_backlog

PARTITIONS = 6


@dataclass
class Run:
    """One prefix's topics and one database of the run's own."""

    prefix: str
    dsn: str

    def events_topics(self) -> list[str]:
        return [prefixed(self.prefix, topics.events_topic(code)) for code in DEPARTMENT_EVENTS]

    def group(self) -> str:
        return self.prefix + "monitor"


async def _topics(bootstrap: str, prefix: str) -> list[str]:
    names = [prefixed(prefix, t) for t in all_topics()]
    await ensure_topics(bootstrap, names, partitions=PARTITIONS)
    Local().grant(prefix)  # the ACL table's grants for the prefix (nothing on an unauthenticated broker)
    return names


async def _wait_started(monitors: list[MonitorProcess], timeout_s: float = 120) -> float:
    """time.monotonic() when every monitor logged monitor_started."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for m in monitors:
            m.check_alive()
        if all(b"monitor_started" in m.log.read_bytes() for m in monitors):
            return time.monotonic()
        await asyncio.sleep(0.05)
    raise RuntimeError(f"the monitor did not start within {timeout_s} s")


async def _wait_done(bootstrap: str, run: Run, ends: dict, monitors: list[MonitorProcess], timeout_s: float) -> float:
    """time.monotonic() when the group's committed offsets reached `ends` and the outbox is sent."""
    deadline = time.monotonic() + timeout_s
    conn = await asyncpg.connect(run.dsn)
    try:
        while time.monotonic() < deadline:
            for m in monitors:
                m.check_alive()
            committed = {(p.topic, p.partition): p.committed for p in await consumer_lag(bootstrap, [run.group()])}
            if all(committed.get((tp.topic, tp.partition), -1) >= end for tp, end in ends.items()):
                if (await outbox_backlog(conn, "monitor")).pending == 0:
                    return time.monotonic()
            await asyncio.sleep(0.1)
    finally:
        await conn.close()
    raise RuntimeError(f"the monitor did not finish within {timeout_s} s")


async def _throughput(bootstrap: str, run: Run, ends: dict, instances: int, events: int,
                      profile: Path | None = None) -> tuple[float, float]:
    """(events per second, peak RSS MiB of the largest instance) of `instances` monitors on `run`."""
    monitors = [start_monitor(run.dsn, run.prefix, f"{run.prefix}{i}", profile) for i in range(instances)]
    try:
        started = await _wait_started(monitors)
        meter = CpuMeter([m.proc.pid for m in monitors])
        done = await _wait_done(bootstrap, run, ends, monitors, timeout_s=max(600, events / 50))
        print(f"{instances} monitor(s), CPU: {meter.summary()}", flush=True)
        return events / (done - started), max(m.peak_rss_mb() for m in monitors)
    finally:
        for m in monitors:
            m.stop()


async def _latency(bootstrap: str, run: Run, people, secret: str, rate: int, seconds: int) -> list[float]:
    """Latencies (ms) of the alerts raised by `rate` x `seconds` new events at `rate` per second."""
    events = department_events(people, rate * seconds, run.prefix, secret, seed=2)
    clock = AlertClock(bootstrap, prefixed(run.prefix, topics.ALERTS))
    monitor = start_monitor(run.dsn, run.prefix, f"{run.prefix}latency")
    try:
        await _wait_started([monitor])
        await asyncio.sleep(3)  # the group's first assignment
        await clock.start()
        achieved = await publish_paced(bootstrap, events, rate, clock.sent_at)
        print(f"latency: {len(events):,} events offered at {achieved:,.0f}/s", flush=True)
        await asyncio.sleep(5)  # the last alerts
        monitor.check_alive()
        return clock.latencies_ms
    finally:
        await clock.stop()
        monitor.stop()


async def _ceilings(bootstrap: str, names: list[str]) -> dict[str, float]:
    """Records per second of the bare reader and of the JSON reader, best of two each."""
    out = {}
    for label, work in (("bare", lambda r: None), ("json", bench_ceiling.json_values)):
        best = min([await bench_ceiling.read_all(bootstrap, work, names) for _ in range(2)], key=lambda r: r[2])
        out[label] = best[0] / best[2]
    return out


async def run(persons_total: int, events: int, rate: int, latency_s: int, template: str,
              profile: Path | None = None) -> tuple:
    env = read_env_file(ENV_FILE)
    bootstrap, secret = env["KAFKA_BOOTSTRAP_SERVERS"], env["PARTITION_KEY_SECRET"]
    tag = f"b{random.randrange(10**6):06d}"
    runs = {name: Run(f"{tag}{name}.", "") for name in ("one", "lat", "two")}
    made_topics: list[str] = []
    databases: list[str] = []
    try:
        people = await sample_people(template, 60_000, seed=1)
        batch = department_events(people, events, runs["one"].prefix, secret, seed=1)
        print(f"{len(batch):,} events made from {len(people):,} registry persons; topics and copies of the "
              f"registry for the runs {', '.join(runs)}", flush=True)
        for name, r in runs.items():
            made_topics += await _topics(bootstrap, r.prefix)
            r.dsn = await clone_database(template, f"relapse_bench_{tag}_{name}")
            databases.append(r.dsn)
        ends = await publish_all(bootstrap, batch)
        print(f"published {len(batch):,} events on {len(ends)} partitions ({runs['one'].prefix}*)", flush=True)
        ceilings = await _ceilings(bootstrap, runs["one"].events_topics())
        monitor_eps, rss_mb = await _throughput(bootstrap, runs["one"], ends, 1, len(batch), profile)
        print(f"one monitor: {monitor_eps:,.0f} events/s, peak RSS {rss_mb:.0f} MiB", flush=True)
        copy_target = await clone_database(template, f"relapse_bench_{tag}_copy")
        databases.append(copy_target)
        rows, copy_seconds = await copy_written(runs["one"].dsn, copy_target)
        ceilings["copy"] = len(batch) / copy_seconds
        print(f"COPY of the {rows:,} rows written: {copy_seconds:.2f} s", flush=True)
        latencies = await _latency(bootstrap, runs["lat"], people, secret, rate, latency_s)
        two = [replace(e, topic=e.topic.replace(runs["one"].prefix, runs["two"].prefix, 1)) for e in batch]
        two_ends = await publish_all(bootstrap, two)
        two_eps, two_rss = await _throughput(bootstrap, runs["two"], two_ends, 2, len(two))
        print(f"two monitors: {two_eps:,.0f} events/s, peak RSS {two_rss:.0f} MiB each at most", flush=True)
    finally:
        if made_topics:
            await delete_topics(bootstrap, made_topics)
        for dsn in databases:
            await drop_database(dsn)
    _report(events=len(batch), ceilings=ceilings, monitor_eps=monitor_eps, latencies=latencies, rss_mb=rss_mb,
            two_eps=two_eps, rate=rate, latency_s=latency_s, persons=persons_total)
    return ceilings, monitor_eps, latencies, rss_mb, two_eps


def _report(*, events, ceilings, monitor_eps, latencies, rss_mb, two_eps, rate, latency_s, persons) -> None:
    print(f"\n{'figure':<58} {'value':>12}")
    rows = [("bare aiokafka consumer, records/s", ceilings["bare"]),
            ("consumer + json.loads, records/s", ceilings["json"]),
            ("PostgreSQL COPY of the rows the events caused, events/s", ceilings["copy"]),
            (f"monitor end to end, 1 instance, events/s ({events:,} events)", monitor_eps),
            ("monitor end to end, 2 instances in one group, events/s", two_eps),
            (f"latency p50 ms at {rate:,}/s for {latency_s} s ({len(latencies):,} alerts)", percentile(latencies, 50)),
            ("latency p95 ms", percentile(latencies, 95)), ("latency p99 ms", percentile(latencies, 99)),
            (f"monitor peak RSS MiB (registry of {persons:,} persons)", rss_mb)]
    for label, value in rows:
        print(f"{label:<58} {value:>12,.1f}")


def main(persons: int = typer.Option(4_500_000, help="registry size in persons (prefecture: 4.5 million)"),
         events: int = typer.Option(100_000, help="department events of the throughput runs"),
         rate: int = typer.Option(1000, help="offered load of the latency run, events per second"),
         latency_s: int = typer.Option(60, help="seconds of offered load"),
         profile: Path = typer.Option(None, help="py-spy raw profile of the one-instance run, written here")) -> None:
    os.environ.update(Local().admin_login())  # creates, reads and deletes the run's own topics
    figures = registry_figures(persons, say=lambda text: print(text, flush=True), keep=True)
    try:
        ceilings, monitor_eps, latencies, rss_mb, two_eps = asyncio.run(
            run(figures.persons, events, rate, latency_s, registry_dsn(), profile))
    finally:
        asyncio.run(drop_database(registry_dsn()))
    ceiling = min(ceilings["json"], ceilings["copy"])
    print(f"registry: {figures.persons:,} persons, our import {figures.registry_load_s:.1f} s, PostgreSQL's COPY + "
          f"keys and indexes {figures.postgres_s:.1f} s (ratio {figures.registry_load_s / figures.postgres_s:.2f})")
    print(f"monitor_eps={monitor_eps:.0f} ceiling_eps={ceiling:.0f} ratio={monitor_eps / ceiling:.3f} "
          f"p99_ms={percentile(latencies, 99):.0f} registry_load_s={figures.registry_load_s:.1f} "
          f"copy_s={figures.postgres_s:.1f} rss_mb={rss_mb:.0f} two_instances_eps={two_eps:.0f}")


if __name__ == "__main__":
    typer.run(main)
