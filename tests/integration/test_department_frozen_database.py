"""A department whose PostgreSQL hangs (tests/faults/tcp_proxy.py freezes the connection: open, no
byte moves, like a server stopped by SIGSTOP or a stuck disk) answers 503 with Retry-After in
bounded time, not after asyncpg's 60 s command timeout, and the retry with the same
Idempotency-Key takes effect once when the server answers again."""
import asyncio
import signal
import subprocess
import time
import uuid
from contextlib import contextmanager

import asyncpg
import httpx

from deploy.local.supervisor import STOP_GRACE_S
from shared import topics
from shared.kit.http.unavailable import REQUEST_BOUND_S, RETRY_AFTER_S
from tests.faults.tcp_proxy import fault_proxy
from tests.integration.system import free_port, service_env, start_service, wait_http
from tests.integration.test_department_outage import appraisal, until

PREFIX = (topics.PREFIX.rstrip(".") or "it0") + "frozen" + uuid.uuid4().hex[:6] + "."


@contextmanager
def housing_behind_a_proxy(infra, database: str, tmp_path):
    """(proxy, service, env): the housing service on `database` through a FaultProxy, started and
    answering; stopped (and the proxy thawed) at the end."""
    host, port = infra.server_dsn.split("@", 1)[1].split("/", 1)[0].rsplit(":", 1)
    with fault_proxy(host, int(port)) as proxy:
        env = {**service_env(infra.bootstrap, proxy.dsn(database)), "TOPIC_PREFIX": PREFIX}
        port = free_port()
        service = start_service("housing", ["services.housing", "serve", "--port", str(port)], env, tmp_path, port)
        try:
            wait_http(service)
            yield proxy, service, env
        finally:
            proxy.thaw()
            service.stop()


async def test_a_frozen_database_is_503_in_bounded_time_and_the_retry_takes_effect_once(infra, empty_registry,
                                                                                        tmp_path):
    body, key = appraisal(), str(uuid.uuid4())
    with housing_behind_a_proxy(infra, empty_registry, tmp_path) as (proxy, service, env):
        keys = dict(i.split(":", 1) for i in env["DEPARTMENT_API_KEYS"].split(","))
        headers = {"Authorization": f"Bearer {keys['housing']}", "Idempotency-Key": key}
        async with httpx.AsyncClient(timeout=REQUEST_BOUND_S + 15, base_url=f"http://127.0.0.1:{service.port}",
                                     headers=headers) as http:
            assert (await http.get("/readyz")).status_code == 200
            proxy.freeze()
            during, took = [], []
            for request in (lambda: http.post("/v1/events", json=body), lambda: http.get("/v1/tasks"),
                            lambda: http.post("/v1/events", json=body)):
                started = time.monotonic()
                during.append(await request())
                took.append(time.monotonic() - started)
            proxy.thaw()
            await until(lambda: _ready(http), what="/readyz 200 after the thaw")
            after = [await http.post("/v1/events", json=body) for _ in range(2)]
    assert [a.status_code for a in during] == [503, 503, 503], [a.text for a in during]
    assert all(a.headers["Retry-After"] == str(RETRY_AFTER_S) for a in during)
    assert max(took) < REQUEST_BOUND_S + 5, took  # bounded, not asyncpg's 60 s command timeout
    assert [a.status_code for a in after] == [202, 202] and after[1].json() == {"accepted": [body["id"]]}
    conn = await asyncpg.connect(empty_registry)
    try:
        assert await conn.fetchval("SELECT count(*) FROM housing.published_events WHERE event_id = $1", body["id"]) == 1
        assert await conn.fetchval("SELECT count(*) FROM housing.outbox WHERE topic = $1", PREFIX + "housing.events.v1") == 1
    finally:
        await conn.close()
    assert "http_internal_error" not in service.log.read_text()


async def _ready(http: httpx.AsyncClient) -> bool:
    return (await http.get("/readyz")).status_code == 200


async def test_sigterm_with_the_database_frozen_exits_in_bounded_time(infra, empty_registry, tmp_path):
    # The supervisor (deploy/local/supervisor.py) SIGKILLs after STOP_GRACE_S; a clean stop is well under it.
    with housing_behind_a_proxy(infra, empty_registry, tmp_path) as (proxy, service, _env):
        try:
            await asyncio.sleep(2)  # the relay and the trim loop are running
            proxy.freeze()
            await asyncio.sleep(1)
            started = time.monotonic()
            service.proc.send_signal(signal.SIGTERM)
            try:
                code = await asyncio.to_thread(service.proc.wait, STOP_GRACE_S + 20)
            except subprocess.TimeoutExpired:
                code = None
            took = time.monotonic() - started
        finally:
            if service.proc.poll() is None:
                service.proc.kill()
    assert code is not None and took < 10, (code, took, service.log.read_text()[-2000:])
