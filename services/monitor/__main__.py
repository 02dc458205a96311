"""Entry point of the monitor service: `python -m services.monitor`."""
import asyncio
import os
import signal
import sys

import structlog

from prometheus_client import start_http_server

from services.monitor.consumer import build_consumer, run_consumer
from services.monitor.migrate import migrate
from services.monitor.policy import DEFAULT_POLICY, PolicyError, load_policy
from shared import logging as slog
from shared.db import create_pool
from shared.outbox import idempotent_producer, run_relay
from shared.settings import InfraSettings


async def main() -> None:
    log = slog.configure("monitor")
    settings = InfraSettings()
    try:
        policy = load_policy(os.environ.get("MONITOR_POLICY", DEFAULT_POLICY))
    except PolicyError as exc:
        print("the policy file is not valid; the monitor does not start:\n" + str(exc), file=sys.stderr)
        sys.exit(2)
    await migrate(settings.database_url)
    start_http_server(int(os.environ.get("MONITOR_METRICS_PORT", "9100")), addr=os.environ.get("MONITOR_METRICS_HOST", "127.0.0.1"))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    pool = await create_pool(settings.database_url, max_size=6)
    producer = idempotent_producer(settings.kafka_bootstrap_servers)
    consumer = build_consumer(settings.kafka_bootstrap_servers)
    await producer.start()
    await consumer.start()
    log.info("monitor_started", policy_version=policy.version)
    try:
        await asyncio.gather(run_consumer(consumer, pool, policy, settings.partition_key_secret, stop),
                             run_relay(pool, "monitor", producer, stop))
    finally:
        await consumer.stop()  # leaves the group; uncommitted records are redelivered
        await producer.stop()
        await pool.close()
        log.info("monitor_stopped")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Exception:  # noqa: BLE001 - logged through the mask, not as a raw traceback
        structlog.get_logger("monitor").exception("monitor_crashed")
        sys.exit(1)
