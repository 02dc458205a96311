"""The broker's own ceiling on the messages the monitor reads (issue 12, part 1's first figures): a bare
aiokafka consumer reading every department events topic from the beginning to its end without
processing, then the same with each value parsed as JSON, then decoded as the monitor decodes it
(pydantic, the envelope and the department's event model). Records per second of each, and the
monitor's batch figure from `make bench` can be set beside them.

    python -m benchmarks.bench_ceiling [--repeat 3]      (the running environment's broker, .local/env)

Reads only: no offset is committed (no consumer group) and nothing is written. The records are
whatever the topics hold (`make demo` leaves about 16,000; more demos, more records).
"""
import asyncio
import json
import os

import typer

from deploy.local.control import Local
from deploy.local.paths import ENV_FILE, read_env_file
from services.monitor.decode import decode
from services.monitor.isolation import inbound
from shared import topics
from shared.contracts.catalog import DEPARTMENT_EVENTS
from shared.kafka_replay import read_to_ends

FETCH_BYTES = 8 << 20  # per partition per fetch: the reader, not the broker, should be the limit


async def read_all(bootstrap: str, work, names: list[str] | None = None) -> tuple[int, int, float]:
    """Every record of the topics `names` (default: the department events topics), `work(record)` on
    each; returns (records, bytes, seconds)."""
    size = 0

    def on_records(batch) -> None:
        nonlocal size
        for record in batch:
            work(record)
            size += len(record.value or b"")

    records, seconds = await read_to_ends(
        bootstrap, names or [topics.events_topic(code) for code in DEPARTMENT_EVENTS], on_records,
        max_partition_fetch_bytes=FETCH_BYTES, fetch_max_bytes=8 * FETCH_BYTES, max_poll_records=50_000)
    return records, size, seconds


def json_values(record) -> None:
    try:
        json.loads(record.value)
    except ValueError:  # the demo's noise has malformed JSON on purpose; the monitor dead-letters it
        pass


def main(repeat: int = typer.Option(3, help="runs of each reader; the best is printed")) -> None:
    os.environ.setdefault("KAFKA_BOOTSTRAP_SERVERS", read_env_file(ENV_FILE).get("KAFKA_BOOTSTRAP_SERVERS", ""))
    os.environ.update(Local().admin_login())  # reads every events topic: the broker's admin
    bootstrap = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    readers = {"bare consumer": lambda r: None, "consumer + json.loads": json_values,
               "consumer + monitor decode": lambda r: decode(inbound(r))}  # the monitor's own decoding
    print(f"{'reader':<28} {'records':>9} {'MB':>7} {'seconds':>8} {'records_per_s':>14}")
    for name, work in readers.items():
        best = min((asyncio.run(read_all(bootstrap, work)) for _ in range(repeat)), key=lambda r: r[2])
        records, size, seconds = best
        print(f"{name:<28} {records:>9,} {size / 1e6:>7.1f} {seconds:>8.2f} {records / seconds:>14,.0f}")


if __name__ == "__main__":
    typer.run(main)
