"""Use case, a scheduled pass: the retention of the monitor's dedup and outbox tables.

- Processed events (monitor.processed_events by source and ID, the dedup of DESIGN.md section 7) are kept
  PROCESSED_EVENT_RETENTION_DAYS (default 90). Dedup needs an ID for as long as its record can come
  again: a redelivery or an offset reset replays what the topic still holds (Kafka keeps 7 days by
  default, log.retention.hours=168, and this project sets no other), and a department system may
  re-send a late copy. So the setting is refused under 8 days, and the default leaves a quarter for
  re-sends; departments' own ledgers (published_events) keep their IDs for ever on top.
- Outbox rows (monitor.outbox) are only the record of what was sent once published: they go
  OUTBOX_RETENTION_DAYS (default 7) after publication; pending and parked rows never go.

Each pass deletes at most PURGE_BATCH rows of each table (one short transaction, no long lock);
a backlog is worked off over the following passes.
"""
from datetime import datetime, timedelta
from functools import cache

import asyncpg
from pydantic import Field

from services.monitor.db_processed import purge_processed
from shared.outbox.retention import OUTBOX_RETENTION_DAYS, PURGE_BATCH, purge_published
from shared.settings import EnvSettings, load

KAFKA_DEFAULT_RETENTION_DAYS = 7


class RetentionSettings(EnvSettings):
    processed_event_retention_days: int = Field(
        default=90, ge=KAFKA_DEFAULT_RETENTION_DAYS + 1,
        description="days a processed event ID is kept for dedup; longer than the topics keep records")
    outbox_retention_days: int = Field(default=OUTBOX_RETENTION_DAYS, ge=1, description="days a published outbox row is kept")


@cache
def configured_retention() -> RetentionSettings:
    """The retention this process runs with (the environment; checked at start with MonitorSettings)."""
    return load(RetentionSettings)


async def purge_expired(conn: asyncpg.Connection, now: datetime,
                        retention: RetentionSettings | None = None) -> list[str]:
    """One retention pass at `now` (aware); returns what went: the purged event IDs (of any source), then
    "outbox:<id>" for each outbox row (the scheduler logs how many)."""
    retention = retention or configured_retention()
    processed = await purge_processed(
        conn, processed_before=now - timedelta(days=retention.processed_event_retention_days), limit=PURGE_BATCH)
    outbox = await purge_published(conn, "monitor", now - timedelta(days=retention.outbox_retention_days), PURGE_BATCH)
    return [event_id for _, event_id in processed] + [f"outbox:{i}" for i in outbox]
