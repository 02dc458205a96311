"""The running system for integration tests: real services as subprocesses, and readers of
the monitor's output topics."""
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition

from deploy.kafka_acls import apply, system_grants
from deploy.kafka_principals import admin_config, read_passwords, service_identity
from deploy.local.process import free_port  # noqa: F401 - the tests import it from here
from services.monitor.consumer import GROUP_ID as MONITOR_GROUP
from shared import topics
from shared.kafka_admin import partitions_of
from shared.contracts.catalog import DEPARTMENTS as CATALOG
from tooling.simulate.people import SimPerson
from shared.kafka_security import client_options

REPO = Path(__file__).resolve().parents[2]
DEPARTMENTS = tuple(d.code for d in CATALOG)


@dataclass
class Service:
    name: str
    proc: subprocess.Popen
    log: Path
    port: int | None = None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_service(name: str, args: list[str], env: dict, log_dir: Path, port: int | None = None) -> Service:
    """`python -m *args` as service `name` (a catalog name, or monitor-<n>), logged in to Kafka as its
    own principal when the broker authenticates."""
    log = log_dir / f"{name}.log"
    env = {**env, **kafka_identity(name, env)}
    env.pop("KAFKA_CREDENTIALS_FILE", None)
    proc = subprocess.Popen([sys.executable, "-m", *args], env=env, cwd=REPO, stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return Service(name, proc, log, port)


_GRANTED: set[str] = set()


def grant_prefix(env: dict) -> dict | None:
    """On the broker of KAFKA_CREDENTIALS_FILE, the ACL table's grants for the env's TOPIC_PREFIX
    (once per prefix); returns every principal's password, None on a broker without authentication."""
    path = env.get("KAFKA_CREDENTIALS_FILE") or os.environ.get("KAFKA_CREDENTIALS_FILE")
    if not path:
        return None
    passwords = read_passwords(Path(path))
    prefix = env.get("TOPIC_PREFIX", topics.PREFIX)
    if prefix not in _GRANTED:
        protocol = env.get("KAFKA_SECURITY_PROTOCOL") or os.environ.get("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
        ca = env.get("KAFKA_SSL_CAFILE") or os.environ.get("KAFKA_SSL_CAFILE")
        apply(admin_config(env["KAFKA_BOOTSTRAP_SERVERS"], passwords, protocol, Path(ca) if ca else None),
              system_grants(prefix))
        _GRANTED.add(prefix)
    return passwords


def kafka_identity(name: str, env: dict) -> dict[str, str]:
    """The Kafka login of service `name` on the broker of KAFKA_CREDENTIALS_FILE ({} without one),
    its topics granted (grant_prefix)."""
    passwords = grant_prefix(env)
    if passwords is None:
        return {}
    login = {k: v for k in ("KAFKA_SECURITY_PROTOCOL", "KAFKA_SSL_CAFILE") if (v := env.get(k) or os.environ.get(k))}
    return {"KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", **login, **service_identity(passwords, name)}


@contextlib.contextmanager
def own_secured_broker(home: Path, prefix: str, names: list[str], tls: bool = False):
    """A single-node broker of a test's own (free ports, state under `home`), formatted with
    authentication on (and TLS), its principals made, the ACL table granted for `prefix` and the
    topics `names` created; while open, this process logs in as its admin. Yields
    (deploy.local.control.Local, bootstrap, every principal's password); stops the broker after."""
    from deploy.local.control import Local
    from deploy.local.environment import LocalEnv
    from shared.kafka_admin import ensure_topics

    env = LocalEnv(f"it_{home.name}", home, pg_port=0, kafka_ports=(free_port(),), controller_ports=(free_port(),),
                   service_port_offset=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAFKA_AUTH", "1")
        patch.setenv("KAFKA_TLS", "1" if tls else "0")
        local = Local(env)
        bootstrap = local.kafka.start()
        try:
            for name, value in local.secure_kafka(bootstrap, prefix, say=lambda _: None).items():
                patch.setenv(name, value)
            asyncio.run(ensure_topics(bootstrap, names, partitions=1))
            yield local, bootstrap, read_passwords(local.kafka.credentials)
        finally:
            local.kafka.stop()


def wait_http(service: Service, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if service.proc.poll() is not None:
            raise RuntimeError(f"{service.name} exited: {service.log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{service.port}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{service.name} did not answer within {timeout_s} s: {service.log.read_text()[-3000:]}")


def wait_until(predicate, timeout_s: float, what: str):
    """`predicate()`'s first true value, asked every 0.2 s; AssertionError naming `what` after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout_s} s: {what}")


def wait_log(service: Service, text: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if text in service.log.read_text(errors="replace"):
            return
        if service.proc.poll() is not None:
            raise RuntimeError(f"{service.name} exited: {service.log.read_text()[-3000:]}")
        time.sleep(0.3)
    raise TimeoutError(f"{service.name}: no '{text}' within {timeout_s} s")


@dataclass
class TopicReader:
    """Collects every record of some topics from the beginning, in the background."""

    bootstrap: str
    topics: list[str]
    records: list = field(default_factory=list)
    _task: asyncio.Task | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(*self.topics, **client_options(self.bootstrap), auto_offset_reset="earliest",
                                          enable_auto_commit=False, group_id=None)
        await self._consumer.start()
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        async for record in self._consumer:
            self.records.append(record)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
        # The session's event loop is idle while synchronous tests run: a fetch can time out
        # meanwhile (40 s), and aiokafka's stop() then raises the cancellation of its retry
        # back-off. The consumer is stopped all the same.
        with contextlib.suppress(asyncio.CancelledError):
            await self._consumer.stop()

    def values(self, topic: str) -> list[dict]:
        return [json.loads(r.value) for r in self.records if r.topic == topic]

    async def wait_for(self, topic: str, predicate, count: int = 1, timeout_s: float = 15) -> list[dict]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = [v for v in self.values(topic) if predicate(v)]
            if len(found) >= count:
                return found
            await asyncio.sleep(0.1)
        raise AssertionError(f"expected {count} record(s) on {topic} within {timeout_s} s, got "
                             f"{len([v for v in self.values(topic) if predicate(v)])}")

    async def wait_read_to(self, ends: dict[TopicPartition, int], timeout_s: float = 30) -> None:
        """Wait until every record before `ends` (partition -> end offset) has been collected."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            read: dict[TopicPartition, int] = {}
            for r in self.records:
                tp = TopicPartition(r.topic, r.partition)
                read[tp] = max(read.get(tp, -1), r.offset)
            behind = [tp for tp, end in ends.items() if end > read.get(tp, -1) + 1]
            if not behind:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"the reader is still behind on {behind} after {timeout_s} s")


@dataclass
class System:
    bootstrap: str
    dsn: str
    env: dict
    log_dir: Path
    services: dict[str, Service]
    reader: TopicReader
    people: list[SimPerson]

    def url(self, department: str, path: str) -> str:
        return f"http://127.0.0.1:{self.services[department].port}{path}"

    def department_headers(self, department: str) -> dict:
        """Headers a department system sends to its own service: its API key (shared/kit/auth.py)."""
        keys = dict(item.split(":", 1) for item in self.env["DEPARTMENT_API_KEYS"].split(","))
        return {"Authorization": f"Bearer {keys[department]}"}

    async def wait_consumed(self, group: str, topic_names: list[str], timeout_s: float = 120) -> None:
        """Wait until consumer group `group` has committed every record written so far to
        `topic_names`: the test's own traffic is processed, however long the machine takes."""
        probe = AIOKafkaConsumer(**client_options(self.bootstrap), group_id=None, enable_auto_commit=False)
        admin = AIOKafkaAdminClient(**client_options(self.bootstrap))
        await probe.start()
        await admin.start()
        try:
            parts = await partitions_of(self.bootstrap, topic_names)
            assert parts, f"no partitions of {topic_names}: nothing to wait for"
            ends = await probe.end_offsets(parts)
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                committed = await admin.list_consumer_group_offsets(group)
                behind = [tp for tp in parts if ends[tp] > (committed[tp].offset if tp in committed else 0)]
                if not behind:
                    return
                await asyncio.sleep(0.2)
            raise AssertionError(f"group {group} still behind on {behind} after {timeout_s} s")
        finally:
            await admin.close()
            await probe.stop()

    async def wait_settled(self, db, timeout_s: float = 120) -> None:
        """Wait until everything the test sent so far has had all its effects on the monitor's
        output topics: the monitor committed every department record written so far (its effects
        and outbox rows commit before its offsets), its outbox published every message, and the
        reader collected the output topics up to their ends. A "nothing more happened" assert
        after this waits for the test's own traffic instead of a fixed sleep."""
        await self.wait_consumed(topics.group(MONITOR_GROUP), [topics.events_topic(d) for d in DEPARTMENTS], timeout_s)
        deadline = time.monotonic() + timeout_s
        while await db.fetchval("SELECT count(*) FROM monitor.outbox WHERE published_at IS NULL AND failed_at IS NULL"):
            if time.monotonic() > deadline:
                raise AssertionError(f"the monitor's outbox still has unpublished messages after {timeout_s} s")
            await asyncio.sleep(0.1)
        probe = AIOKafkaConsumer(**client_options(self.bootstrap), group_id=None, enable_auto_commit=False)
        await probe.start()
        try:
            ends = await probe.end_offsets(await partitions_of(self.bootstrap, self.reader.topics))
        finally:
            await probe.stop()
        await self.reader.wait_read_to(ends)

    async def wait_scheduler_rounds(self, db, rounds: int = 2, timeout_s: float = 60) -> None:
        """Wait until the monitor's scheduler has run `rounds` more rounds of its passes (its
        counter on /metrics), then for their announcements: a "nothing was flagged" assert after
        this has seen the passes run, however slow the machine."""
        async def count() -> float:
            async with httpx.AsyncClient(timeout=5) as http:
                text = (await http.get(f"http://127.0.0.1:{self.services['monitor'].port}/metrics/")).text
            return next(float(line.split()[-1]) for line in text.splitlines()
                        if line.startswith("monitor_scheduler_rounds_total "))
        target, deadline = await count() + rounds, time.monotonic() + timeout_s
        while await count() < target:
            if time.monotonic() > deadline:
                raise AssertionError(f"the scheduler did not run {rounds} rounds in {timeout_s} s")
            await asyncio.sleep(0.2)
        await self.wait_settled(db, timeout_s)

    def all_logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))


def service_env(bootstrap: str, dsn: str) -> dict:
    env = dict(os.environ)
    env.update(KAFKA_BOOTSTRAP_SERVERS=bootstrap, DATABASE_URL=dsn, PYTHONUNBUFFERED="1")
    return env
