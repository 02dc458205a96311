"""`python -m shared.kit.importing.relay SCHEMA`: an outbox relay in a process of its own, for a file
import, so that reading the file and publishing each get a core. It publishes SCHEMA's outbox
until its standard input closes (the importer finished, or died), then drains it and exits.
DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS come from the environment (shared.settings)."""
import asyncio
import sys

from shared import logging as slog
from shared.db import create_pool
from shared.outbox import idempotent_producer, run_relay
from shared.settings import DatabaseSettings, KafkaSettings, load_or_exit
from shared.kafka_security import client_options


async def relay_until_stdin_closes(schema: str, database_url: str, bootstrap: str) -> None:
    pool = await create_pool(database_url, schema, min_size=1, max_size=2)
    # Batches of up to 512 KiB (aiokafka's default is 16 KiB, about 20 of our events): with a
    # thousand sends in flight, small batches make the accumulator wait and retry.
    producer = idempotent_producer(client_options(bootstrap), max_batch_size=512 * 1024)
    stop = asyncio.Event()

    async def watch_stdin() -> None:
        await asyncio.to_thread(sys.stdin.buffer.read)
        stop.set()

    try:
        await producer.start()
        await asyncio.gather(run_relay(pool, schema, producer, stop), watch_stdin())
    finally:
        await producer.stop()
        await pool.close()


if __name__ == "__main__":
    log = slog.configure(f"{sys.argv[1]}-import-relay", level="WARNING")
    database = load_or_exit(DatabaseSettings, "import relay")
    kafka = load_or_exit(KafkaSettings, "import relay")
    try:
        asyncio.run(relay_until_stdin_closes(sys.argv[1], database.database_url, kafka.kafka_bootstrap_servers))
    except Exception as exc:  # noqa: BLE001 - the importer reports what is left in the outbox
        log.error("import_relay_failed", error=type(exc).__name__)
        sys.exit(1)
