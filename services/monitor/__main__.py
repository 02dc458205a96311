"""Entry point of the monitor service: `python -m services.monitor`.

Runs the consumer, the outbox relay, the scheduler and the operator HTTP API (with /metrics,
/healthz and /readyz) in one process until SIGTERM, which stops them within 10 s
(services/monitor/shutdown.py): the consumer stops polling, work in flight finishes or is
abandoned uncommitted, the relay sends what is committed while there is time.
"""
from shared.contracts.declaration import catalog_or_exit
from shared.settings import TopicSettings, load_or_exit

# shared.topics reads TOPIC_PREFIX when it is imported (below): a bad one stops here, with its name;
# so does a department folder the catalog refuses.
load_or_exit(TopicSettings, "monitor")
catalog_or_exit("monitor")

import asyncio  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

import structlog  # noqa: E402
import uvicorn  # noqa: E402

from services.monitor.api import build_api  # noqa: E402
from shared.kafka_security import client_options, relay_principal  # noqa: E402
from services.monitor.operator_auth import parse_tokens  # noqa: E402
from services.monitor.operator_roles import parse_roles  # noqa: E402
from services.monitor.operator_scope import parse_scopes  # noqa: E402
from services.monitor.consumer import build_consumer, run_consumer  # noqa: E402
from services.monitor.dashboard_reads import system_groups  # noqa: E402
from services.monitor.gc_tuning import tune_gc  # noqa: E402
from services.monitor.migrate import migrate  # noqa: E402
from services.monitor.policy import PolicyError, load_policy  # noqa: E402
from shared.kafka_raw.fetch import RawReader  # noqa: E402
from shared.readiness import Readiness  # noqa: E402
from services.monitor.scheduler import run_scheduler  # noqa: E402
from services.monitor.settings import MonitorSettings  # noqa: E402
from services.monitor.shutdown import run_parts  # noqa: E402
from shared import logging as slog  # noqa: E402
from shared.db import create_pool  # noqa: E402
from shared.metrics import sample_forever  # noqa: E402
from shared.outbox import idempotent_producer, run_relay  # noqa: E402
from shared.retry import Backoff, RetryStopped, retry  # noqa: E402

START_BACKOFF = Backoff(first_s=0.5, cap_s=5)


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


async def main() -> None:
    log = slog.configure("monitor")
    settings = load_or_exit(MonitorSettings, "monitor")
    tokens = parse_tokens(settings.operator_tokens)
    try:
        policy = load_policy(settings.monitor_policy)
    except PolicyError as exc:
        _fail("the policy file is not valid; the monitor does not start:\n" + str(exc))
    except OSError as exc:
        _fail(f"the monitor does not start: MONITOR_POLICY: cannot read {exc.filename}: {exc.strerror}")
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    try:  # a database still starting (or away) is waited for, as at run time
        await retry(lambda: migrate(settings.database_url), what="migrations", backoff=START_BACKOFF, stop=stop,
                    log_event="start_waiting")
        pool = await retry(lambda: create_pool(settings.database_url, "monitor", max_size=8, custom_plans=True),
                           what="pool", backoff=START_BACKOFF, stop=stop, log_event="start_waiting")
    except RetryStopped:
        return
    # The relay (outbox, re-drive) writes as its own principal: the consumer's may not write (kafka-acls.toml).
    producer = idempotent_producer(client_options(settings.kafka_bootstrap_servers, relay_principal()))
    consumer = build_consumer(settings.kafka_bootstrap_servers)
    reader = RawReader(settings.kafka_bootstrap_servers)
    server = uvicorn.Server(uvicorn.Config(
        build_api(pool, policy, tokens, settings.partition_key_secret, Readiness(pool, producer),
                  scopes=parse_scopes(settings.operator_scopes), roles=parse_roles(settings.operator_roles),
                  bootstrap=settings.kafka_bootstrap_servers,
                  producer=producer),
        host=settings.monitor_http_host, port=settings.monitor_http_port, log_config=None, access_log=False,
        timeout_graceful_shutdown=3))  # s: an open dashboard stream (SSE) must not hold the shutdown
    server.install_signal_handlers = lambda: None  # our handler above drains everything together
    await producer.start()
    await consumer.start()
    tune_gc()
    log.info("monitor_started", policy_version=policy.version)

    async def stop_server() -> None:
        await stop.wait()
        server.should_exit = True

    clean = await run_parts(
        {"consumer": run_consumer(consumer, reader, pool, policy, settings.partition_key_secret, stop),
         "relay": run_relay(pool, "monitor", producer, stop), "http": server.serve(), "http_stop": stop_server(),
         "scheduler": run_scheduler(pool, stop, settings.overdue_interval_s),
         "metrics": sample_forever(pool, "monitor", settings.kafka_bootstrap_servers, system_groups(), stop)},
        stop, pool,
        # the consumer leaves its group (uncommitted records are redelivered), then the producers
        {"consumer": consumer.stop, "raw_reader": reader.close, "producer": producer.stop})
    log.info("monitor_stopped", clean=clean)
    if not clean:
        sys.exit(1)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Exception:  # noqa: BLE001 - logged through the mask, not as a raw traceback
        structlog.get_logger("monitor").exception("monitor_crashed")
        sys.exit(1)
