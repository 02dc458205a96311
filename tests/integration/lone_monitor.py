"""A monitor process of its own for fault tests: its own database (a small synthetic registry),
its own topic prefix (so the session's monitor never reads its topics, nor it theirs), and
optionally a FaultProxy between it and PostgreSQL. Started and stopped like the session's
services (tests/integration/system.py)."""
import asyncio
import json
import random
import signal
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from aiokafka import AIOKafkaProducer

from deploy.topics import all_topics
from services.monitor.migrate import migrate
from shared import topics
from shared.kafka_admin import delete_topics, ensure_topics
from tests.faults.tcp_proxy import FaultProxy
from tests.integration.system import Service, free_port, service_env, start_service, wait_http, wait_log
from tooling.registry.load import load_synthetic_registry
from shared.kafka_security import client_options

HOUSEHOLDS = 300


@dataclass
class LoneMonitor:
    bootstrap: str
    dsn: str  # direct, for the test's own queries
    prefix: str
    env: dict
    log_dir: Path
    proxy: FaultProxy | None
    service: Service | None = None
    starts: int = 0

    def topic(self, name: str) -> str:
        """This monitor's name for one of the session's topics (shared.topics)."""
        return self.prefix + name.removeprefix(topics.PREFIX)

    def launch(self) -> Service:
        """Starts the monitor (again), logging to monitor-<n>.log, without waiting for it."""
        self.starts += 1
        self.service = start_service(f"monitor-{self.starts}", ["services.monitor"], self.env, self.log_dir,
                                     int(self.env["MONITOR_HTTP_PORT"]))
        return self.service

    def start(self) -> Service:
        """launch(), then wait until the monitor runs and answers HTTP."""
        self.launch()
        wait_log(self.service, "monitor_started", timeout_s=90)
        wait_http(self.service, timeout_s=60)
        return self.service

    def sigterm(self) -> float:
        """Seconds until the process exited after SIGTERM (raises TimeoutError after 60 s)."""
        started = time.monotonic()
        self.service.proc.send_signal(signal.SIGTERM)
        self.service.proc.wait(timeout=60)
        return time.monotonic() - started

    def readyz(self) -> int:
        try:
            return httpx.get(f"http://127.0.0.1:{self.service.port}/readyz", timeout=5).status_code
        except httpx.HTTPError:
            return 0

    async def wait_readyz(self, status: int, timeout_s: float) -> float:
        """Seconds until /readyz answered `status`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout_s:
            if await asyncio.to_thread(self.readyz) == status:
                return time.monotonic() - started
            assert self.service.proc.poll() is None, f"the monitor exited: {self.log_text()[-3000:]}"
            await asyncio.sleep(0.3)
        raise AssertionError(f"/readyz never answered {status} within {timeout_s} s")

    async def people(self, n: int) -> list[dict]:
        """`n` heads of household, one per household."""
        conn = await asyncpg.connect(self.dsn)
        try:
            rows = await conn.fetch("SELECT p.*, h.village_code FROM monitor.persons p JOIN monitor.households h "
                                    "USING (household_id) WHERE p.relation = 'head' ORDER BY p.resident_id LIMIT $1", n)
        finally:
            await conn.close()
        assert len(rows) == n
        return [dict(r) for r in rows]

    async def send(self, department: str, values: list[bytes], partition: int | None = None,
                   keys: list[bytes] | None = None) -> None:
        """Each value in turn, keyed b"k" (one partition) unless `keys` gives each its own."""
        producer = AIOKafkaProducer(**client_options(self.bootstrap), enable_idempotence=True)
        await producer.start()
        try:
            for value, key in zip(values, keys or [b"k"] * len(values)):
                await producer.send_and_wait(self.topic(topics.events_topic(department)), value, key=key,
                                             partition=partition)
        finally:
            await producer.stop()

    async def query(self, sql: str, *args):
        conn = await asyncpg.connect(self.dsn)
        try:
            return await conn.fetch(sql, *args)
        finally:
            await conn.close()

    async def wait_processed(self, event_ids: list[str], timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            rows = await self.query("SELECT count(*) AS n FROM monitor.processed_events WHERE event_id = ANY($1)",
                                    event_ids)
            if rows[0]["n"] == len(event_ids):
                return
            assert self.service.proc.poll() is None, self.log_text()[-3000:]
            await asyncio.sleep(0.3)
        raise AssertionError(f"{rows[0]['n']} of {len(event_ids)} events processed after {timeout_s} s")

    async def dead_letters(self) -> list[dict]:
        """This monitor's dead letters as published in its outbox (the message's data)."""
        rows = await self.query("SELECT value FROM monitor.outbox WHERE topic = $1 ORDER BY id",
                                self.topic(topics.DEADLETTER))
        return [json.loads(r["value"])["data"] for r in rows]

    def log_text(self) -> str:
        return self.service.log.read_text(errors="replace") if self.service else ""


@asynccontextmanager
async def lone_monitor(infra, log_dir: Path, through_proxy: bool = False, partitions: int = 3):
    prefix = f"mf{random.randrange(10**8):08d}."
    name = f"relapse_mf_{random.randrange(10**8)}"
    admin = await asyncpg.connect(infra.server_dsn)
    await admin.execute(f"CREATE DATABASE {name}")
    dsn = infra.server_dsn.rsplit("/", 1)[0] + f"/{name}"
    own_topics = [prefix + t.removeprefix(topics.PREFIX) for t in all_topics()]
    proxy = lone = None
    try:
        await migrate(dsn)
        await load_synthetic_registry(dsn, households=HOUSEHOLDS, seed=11, progress=False)
        await ensure_topics(infra.bootstrap, own_topics, partitions=partitions)
        monitor_dsn = dsn
        if through_proxy:
            host_port = dsn.split("@", 1)[1].split("/", 1)[0]
            host, port = host_port.rsplit(":", 1)
            proxy = FaultProxy(host, int(port)).start()
            monitor_dsn = proxy.dsn(dsn)
        env = service_env(infra.bootstrap, monitor_dsn)
        env.update(TOPIC_PREFIX=prefix, MONITOR_HTTP_PORT=str(free_port()), OVERDUE_INTERVAL_S="1")
        lone = LoneMonitor(infra.bootstrap, dsn, prefix, env, log_dir, proxy)
        yield lone
    finally:
        if lone is not None and lone.service is not None:
            if proxy is not None:
                proxy.thaw()
                proxy.restore()
            lone.service.stop()
        if proxy is not None:
            proxy.stop()
        await delete_topics(infra.bootstrap, own_topics)
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
