"""`python -m deploy.chaos [--events N] [--seed S]` (make chaos): the chaos environment up, the
workload run once without faults (reference) and once with them, each in its own database and
topic prefix; prints each fault, the differences, any poison record without its dead letter, the
longest stall (partition, when, the faults then), and last the line
`events=N faults=K lost=L duplicated=D stalled_s=S deadletters=X expected_deadletters=Y`.
Exit status 1 unless L = D = 0, X = Y, every fault was injected and every poison record has its
dead letter."""
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
import typer

from deploy.chaos.compare import closing_line, differences
from deploy.local.control import Local
from deploy.local.postgres import fresh_database
from shared.kafka_admin import delete_topics
from shared.kafka_security import client_options


async def drop_old_runs(bootstrap: str) -> None:
    """Topics of earlier runs (prefix `chaos<time>`): fewer partitions for a restarted node to recover."""
    admin = AIOKafkaAdminClient(**client_options(bootstrap))
    await admin.start()
    try:
        old = [t for t in await admin.list_topics() if re.match(r"chaos\d+", t)]
    finally:
        await admin.close()
    if old:
        await delete_topics(bootstrap, old)


def run_phase(env_name: str, server_dsn: str, name: str, args: list[str], folder: Path) -> dict:
    dsn = asyncio.run(fresh_database(server_dsn, f"chaos_{name}"))
    out = folder / f"{name}.json"
    subprocess.run([sys.executable, "-m", "deploy.chaos.phase", "--env", env_name, "--out", str(out), *args],
                   env={**os.environ, "DATABASE_URL": dsn, "TOPIC_PREFIX": f"chaos{int(time.time())}{name}."},
                   check=True)
    return json.loads(out.read_text())


def main(events: int = 20_000, households: int = 5_000, seed: int = 14, monitor_kills: int = 3,
         window_s: float = 120.0, env_name: str = typer.Option("chaos", "--env"),
         faults: bool = typer.Option(True, help="--no-faults: the second run without faults too (how "
                                               "deterministic the comparison itself is)")) -> None:
    lab = Local.named(env_name)
    env = lab.up(fast=False)
    asyncio.run(drop_old_runs(env["KAFKA_BOOTSTRAP_SERVERS"]))
    common = ["--seed", str(seed), "--events", str(events), "--households", str(households)]
    t0 = time.monotonic()
    folder = lab.env.home / "chaos-results"  # both runs' effects, kept for a look at any difference
    folder.mkdir(parents=True, exist_ok=True)
    print(f"chaos: reference run without faults ({events:,} events, seed {seed}) ...", flush=True)
    reference = run_phase(env_name, env["DATABASE_URL"], "reference", common, folder)
    print(f"chaos: run {'with' if faults else 'WITHOUT'} faults ...", flush=True)
    faulty = run_phase(env_name, env["DATABASE_URL"], "faulty",
                       [*common, *(["--faults"] if faults else []), "--monitor-kills", str(monitor_kills),
                        "--window-s", str(window_s)], folder)
    print(f"  effects of both runs: {folder}/reference.json, {folder}/faulty.json")
    diffs = differences(reference["effects"], faulty["effects"])
    for kind, (lost, dup) in diffs.items():
        print(f"  {kind}: reference {len(reference['effects'][kind])}, with faults {len(faulty['effects'][kind])}, "
              f"lost {lost}, duplicated {dup}")
    print(f"  tasks of a state between two batches (not compared): reference {reference['transient_tasks']}, "
          f"with faults {faulty['transient_tasks']}; staff decisions: reference {reference['staff_decisions']}, "
          f"with faults {faulty['staff_decisions']}")
    print("  faults: " + "; ".join(faulty["faults"]))
    for failed in faulty["faults_failed"]:
        print(f"  fault NOT completed: {failed}")
    print(f"  wall time {time.monotonic() - t0:.0f} s (reference {reference['wall_s']:.0f} s, "
          f"with faults {faulty['wall_s']:.0f} s); longest stall without faults {reference['stalled_s']:.1f} s")
    for name, run in (("reference", reference), ("with faults", faulty)):
        for kind in run["poison_unaccounted"]:
            print(f"  poison NOT dead-lettered with its bytes ({name}): {kind}")
    print(f"  without faults, {reference['longest_stall']}")
    print(f"  {faulty['longest_stall']}")
    line = closing_line(faulty["events"], len(faulty["faults"]), diffs, faulty["stalled_s"],
                        len(faulty["effects"]["dead_letters"]), len(reference["effects"]["dead_letters"]))
    print(line)
    bad = (sum(lost + dup for lost, dup in diffs.values()) + len(faulty["faults_failed"])
           + len(reference["poison_unaccounted"]) + len(faulty["poison_unaccounted"]))
    raise typer.Exit(1 if bad or len(faulty["effects"]["dead_letters"]) != len(reference["effects"]["dead_letters"]) else 0)


if __name__ == "__main__":
    typer.run(main)
