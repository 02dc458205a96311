"""Durability is explicit (issue 14 part 5): a PostgreSQL a test run left fast (fsync off) is restarted
durable before a benchmark or the demo uses it, saying so; a test run keeps whatever runs; `status`
reads the mode from the server. Runs a PostgreSQL of its own (own directory and port), never the
shared one."""
import asyncio
import shutil

import asyncpg
import pytest

from deploy.local.control import Local
from deploy.local.durability import ensure_durable, server_mode
from deploy.local.environment import LocalEnv
from deploy.local.paths import LOCAL
from deploy.local.process import LaunchError
from tests.integration.system import free_port


@pytest.fixture
def lab():
    # Under .local/ (not pytest's 0700 tmp dir): the server runs as the `postgres` user when we are root.
    home = LOCAL / "envs" / f"it_durability_{free_port()}"
    local = Local(LocalEnv("it_durability", home, pg_port=free_port(), kafka_ports=(0,), controller_ports=(0,),
                           service_port_offset=0))
    yield local
    local.postgres.stop()
    shutil.rmtree(home, ignore_errors=True)


def _status(lab: Local, capsys) -> str:
    lab.status()
    return next(line for line in capsys.readouterr().out.splitlines() if line.startswith("postgres"))


async def test_a_server_left_fast_is_restarted_durable_for_a_benchmark_and_says_so(lab, capsys, monkeypatch):
    dsn = lab.postgres.start(fast=True)
    assert (await server_mode(dsn))["fsync"] == "off"
    assert "FAST, not durable" in _status(lab, capsys) and "fsync=off" in _status(lab, capsys)
    conn = await asyncpg.connect(dsn)
    await conn.execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)")
    await conn.close()

    # A test run (PG_FAST=1) keeps the running server as it is.
    monkeypatch.setenv("PG_FAST", "1")
    fast_pid = lab.postgres.postmaster_pid()
    await asyncio.to_thread(lab.postgres.start)
    assert lab.postgres.postmaster_pid() == fast_pid

    # A fast server the launcher does not run is refused, not measured.
    with pytest.raises(LaunchError, match="fsync=off"):
        await ensure_durable(dsn, say=lambda _: None, envs=[])

    said: list[str] = []
    mode = await ensure_durable(dsn, say=said.append, envs=[lab.env])
    assert mode["fsync"] == "on" and mode["synchronous_commit"] == "on"
    assert (await server_mode(dsn))["fsync"] == "on"  # from the server itself
    assert lab.postgres.postmaster_pid() != fast_pid
    assert any("restarting it with durable settings" in line for line in said), said
    assert said[-1].endswith("durable (fsync=on, synchronous_commit=on)")
    assert "up, durable (fsync=on, synchronous_commit=on)" in _status(lab, capsys)
    conn = await asyncpg.connect(dsn)
    assert await conn.fetchval("SELECT n FROM kept") == 7  # same data directory, only the settings changed
    await conn.close()

    # Durable already: nothing restarted.
    pid = lab.postgres.postmaster_pid()
    await ensure_durable(dsn, say=said.append, envs=[lab.env])
    assert lab.postgres.postmaster_pid() == pid


async def test_the_demo_path_starts_durable_even_with_pg_fast_set(lab, monkeypatch):
    monkeypatch.setenv("PG_FAST", "1")
    dsn = await asyncio.to_thread(lab.postgres.start, False)  # what deploy.local up --durable / the demo ask
    assert (await server_mode(dsn))["fsync"] == "on"
