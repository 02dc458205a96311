"""One run of the workload on the chaos environment, with or without faults: `python -m
deploy.chaos.phase --env NAME --out FILE [--faults]` with TOPIC_PREFIX and DATABASE_URL of its own
(topic names are fixed at import). Writes {effects, events, faults, stalled_s, longest_stall,
poison_unaccounted, wall_s, ...} to FILE."""
import asyncio
import json
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from random import Random

import asyncpg
import typer

from deploy.chaos import channels, effects, poison, staff, workload
from deploy.chaos.faults import Faults, run_schedule, stream_schedule
from deploy.chaos.progress import Progress, wait_drained
from deploy.local.control import Local
from deploy.topics import all_topics, create_all
from services.monitor.migrate import migrate
from shared.contracts.catalog import DEPARTMENTS
from shared.kafka_admin import delete_topics
from shared.kit.auth import parse_keys
from shared.settings import InfraSettings
from tooling.registry.load import load_synthetic_registry
from tooling.simulate.people import SimPerson

REGISTRY_SEED = 14
PEOPLE_SQL = ("SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code, p.household_id, p.main_earner "
              "FROM monitor.persons p JOIN monitor.households h USING (household_id) ORDER BY p.resident_id")
SCHEMAS = ["monitor"] + [d.code for d in DEPARTMENTS]
DRAIN_S = 900
PARTITIONS = 3  # few partitions: a restarted node of the loaded cluster recovers its logs in time
T0 = time.monotonic()


def step(what: str) -> None:
    print(f"  [{time.monotonic() - T0:6.1f} s] {what}", flush=True)


async def prepare(env: dict, households: int) -> list[SimPerson]:
    await create_all(env["KAFKA_BOOTSTRAP_SERVERS"], partitions=PARTITIONS)
    await migrate(env["DATABASE_URL"])
    await load_synthetic_registry(env["DATABASE_URL"], households=households, seed=REGISTRY_SEED, progress=False)
    conn = await asyncpg.connect(env["DATABASE_URL"])
    try:
        return [SimPerson(*r) for r in await conn.fetch(PEOPLE_SQL)]
    finally:
        await conn.close()


async def stream(env: dict, lab: Local, work: workload.Workload, seed: int, folder: Path) -> None:
    """Every channel at once; the order-independent poison records halfway through Kafka's share."""
    bootstrap, secret, keys = env["KAFKA_BOOTSTRAP_SERVERS"], env["PARTITION_KEY_SECRET"], parse_keys(env["DEPARTMENT_API_KEYS"])
    halves = [{d: rows[:len(rows) // 2] for d, rows in work.kafka.items()},
              {d: rows[len(rows) // 2:] for d, rows in work.kafka.items()}]
    bad = [p for p in poison.records(work, seed) if p[0] != "reused_event_id"]

    async def kafka() -> None:
        await channels.send_kafka(bootstrap, secret, halves[0])
        await channels.send_raw(bootstrap, bad)
        await channels.send_kafka(bootstrap, secret, halves[1])

    settings = InfraSettings(kafka_bootstrap_servers=bootstrap, database_url=env["DATABASE_URL"], partition_key_secret=secret)
    await asyncio.gather(kafka(), channels.send_http(lab.services.departments, keys, work.http),
                         channels.import_file(work, seed, settings, folder))


async def run(env: dict, lab: Local, work: workload.Workload, seed: int, with_faults: bool, monitor_kills: int,
              window_s: float) -> dict:
    rng, stop = Random(f"{seed}:faults"), threading.Event()
    faults = Faults(lab, env)
    keys = parse_keys(env["DEPARTMENT_API_KEYS"])
    async with Progress(env["KAFKA_BOOTSTRAP_SERVERS"]) as progress:
        sampling = asyncio.Event()
        sampler = asyncio.create_task(progress.sample_until(sampling))
        injector = threading.Thread(target=run_schedule, args=(faults, stream_schedule(rng, window_s, monitor_kills),
                                                               rng, stop), daemon=True)
        if with_faults:
            injector.start()
        step(f"streaming {work.events:,} events (Kafka, HTTP, file)")
        with tempfile.TemporaryDirectory() as folder:
            await stream(env, lab, work, seed, Path(folder))
        step("streamed")
        if with_faults:
            await asyncio.to_thread(injector.join)
        await wait_drained(progress, env["DATABASE_URL"], SCHEMAS, DRAIN_S)
        step("processed; the reused event ID next")
        reused = [p for p in poison.records(work, seed) if p[0] == "reused_event_id"]
        await channels.send_raw(env["KAFKA_BOOTSTRAP_SERVERS"], reused)
        await wait_drained(progress, env["DATABASE_URL"], SCHEMAS, DRAIN_S)
        standing = await effects.standing_tasks(env["DATABASE_URL"])
        killer = threading.Timer(1.0, faults.kill_department, args=(rng.choice(sorted(lab.services.departments)),))
        if with_faults:
            killer.start()
        step("staff work their tasks")
        decisions = await staff.work_tasks(lab.services.departments, keys)
        killer.join() if with_faults else None
        await wait_drained(progress, env["DATABASE_URL"], SCHEMAS, DRAIN_S)
        step("drained")
        sampling.set()
        await sampler
    letters = await effects.dead_letters(env["KAFKA_BOOTSTRAP_SERVERS"])
    found, transient = await effects.collect(env["DATABASE_URL"], letters, standing, decisions)
    return {"faults": faults.done, "faults_failed": faults.failed, "stalled_s": progress.stalled_s,
            "longest_stall": progress.longest_stall_line(faults.windows), "effects": found,
            "poison_unaccounted": poison.unaccounted(poison.records(work, seed), letters),
            "transient_tasks": transient, "staff_decisions": decisions}


def stop_services(lab: Local) -> None:
    """All at once: each may take its grace period to drain."""
    with ThreadPoolExecutor(len(lab.services.names())) as pool:
        list(pool.map(lab.services.stop, lab.services.names()))


def main(env_name: str = typer.Option(..., "--env"), out: Path = typer.Option(...), seed: int = 14,
         events: int = 20_000, households: int = 5_000, faults: bool = False, monitor_kills: int = 3,
         window_s: float = 120.0) -> None:
    lab = Local.named(env_name)
    # The harness acts as the broker's admin (faults, poison, effects); the services log in as their own
    # principals, granted for this phase's topics.
    os.environ.update(lab.admin_login())
    lab.grant(os.environ["TOPIC_PREFIX"])
    env = {**lab.read_env(), **lab.admin_login(), "DATABASE_URL": os.environ["DATABASE_URL"],
           "TOPIC_PREFIX": os.environ["TOPIC_PREFIX"]}
    t0 = time.monotonic()
    step(f"registry of {households:,} households, topics")
    people = asyncio.run(prepare(env, households))
    work = workload.build(people, events, seed)
    stop_services(lab)
    step("starting the monitor and the department services")
    lab.services.start_all(env)
    try:
        result = asyncio.run(run(env, lab, work, seed, faults, monitor_kills, window_s))
    finally:
        step("stopping the services")
        stop_services(lab)
    asyncio.run(delete_topics(env["KAFKA_BOOTSTRAP_SERVERS"], all_topics()))  # the next restart recovers less
    result |= {"events": work.events, "wall_s": time.monotonic() - t0}
    out.write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    typer.run(main)
