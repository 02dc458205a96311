"""Sending the workload: straight to Kafka (keyed like the departments do), posted to each
department service over HTTP (retried with the same Idempotency-Key while the service is away),
and a spreadsheet imported through the department's file import."""
import asyncio
import hashlib
from pathlib import Path

import asyncpg
import httpx
from aiokafka.errors import KafkaError

from deploy.chaos import poison, raw_producer
from deploy.chaos.workload import FILE_DEPARTMENT, MONTH, Workload
from shared import topics
from shared.contracts.catalog import department
from shared.keys import person_key
from shared.kit.importing.job import run_import
from shared.outbox import idempotent_producer
from shared.settings import InfraSettings
from shared.kafka_security import client_options
from tooling.simulate.monthly_file import write_month_file

HTTP_BATCH = 50
ATTEMPTS = 20


# A broker node or the department's database going away (stopped, or restarting: the file import
# keeps its progress in the department's database).
PASSING = (KafkaError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError)


async def again_on_passing_errors(work, what: str):
    """`await work()` until it succeeds: a client that meets a broker node or PostgreSQL going away
    is run again, as an operator would (the file import resumes where it stopped; the producer is
    idempotent)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await work()
        except PASSING as exc:
            print(f"  {what}: {type(exc).__name__} (attempt {attempt}), run again", flush=True)
            await asyncio.sleep(2)
    raise RuntimeError(f"{what} failed {ATTEMPTS} times")


async def send_kafka(bootstrap: str, secret: str, records: dict[str, list[tuple[str | None, bytes]]]) -> int:
    producer = idempotent_producer(client_options(bootstrap))
    await again_on_passing_errors(producer.start, "producer start")
    try:
        sent = [await producer.send(topics.events_topic(d), value=v, key=rid and person_key(rid, secret))
                for d, rows in records.items() for rid, v in rows]
        for fut in sent:
            await fut
    finally:
        await producer.stop()
    return len(sent)


async def send_raw(bootstrap: str, rows: list[tuple[str, str, bytes | None, bytes, list]]) -> None:
    """Poison records (deploy/chaos/poison.py), as they come (no key secret, headers as given); the
    one the Kafka client cannot decode through deploy.chaos.raw_producer, to partition 0 (aiokafka's
    producer would encode its header name)."""
    producer = idempotent_producer(client_options(bootstrap))
    await again_on_passing_errors(producer.start, "producer start")
    try:
        for kind, dept, key, value, headers in rows:
            if kind == poison.UNREADABLE_KIND:
                await asyncio.to_thread(raw_producer.produce, bootstrap, topics.events_topic(dept), 0,
                                        [(key, value, headers)])
            else:
                await producer.send_and_wait(topics.events_topic(dept), value=value, key=key,
                                             headers=[(n.decode(), v) for n, v in headers])
    finally:
        await producer.stop()


async def post_with_retry(http: httpx.AsyncClient, url: str, body: bytes, headers: dict) -> int:
    """POST until the service answers 202 (or refuses for good: 4xx); same Idempotency-Key each time."""
    key = hashlib.sha256(body).hexdigest()
    for _ in range(600):
        try:
            r = await http.post(url, content=body, headers={**headers, "Idempotency-Key": key,
                                                            "Content-Type": "application/json"})
            if r.status_code < 500:
                return r.status_code
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)
    raise TimeoutError(f"{url} did not accept a post within 300 s")


async def send_http(ports: dict[str, int], api_keys: dict[str, str], events: dict[str, list[bytes]]) -> int:
    async def one(dept: str, rows: list[bytes]) -> int:
        url, headers = f"http://127.0.0.1:{ports[dept]}/v1/events", {"Authorization": f"Bearer {api_keys[dept]}"}
        async with httpx.AsyncClient(timeout=30) as http:
            for i in range(0, len(rows), HTTP_BATCH):
                body = b"[" + b",".join(rows[i:i + HTTP_BATCH]) + b"]"
                status = await post_with_retry(http, url, body, headers)
                if status != 202:
                    raise RuntimeError(f"{dept} refused a clean batch: HTTP {status}")
        return len(rows)
    return sum(await asyncio.gather(*(one(d, rows) for d, rows in events.items())))


async def import_file(work: Workload, seed: int, settings: InfraSettings, folder: Path) -> int:
    """The spreadsheet (1% bad rows, reported with their row numbers) through the file import."""
    dept = department(FILE_DEPARTMENT)
    path = folder / f"{dept.code}-{seed}.xlsx"
    write_month_file(dept, work.file_people, MONTH, work.file_rows, seed, path, bad_rate=0.01)
    return (await again_on_passing_errors(lambda: run_import(dept, path, settings), "file import")).published
