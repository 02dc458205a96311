"""Use case: 农户自主申报, a household's self-report from a household-facing front end. It becomes
an event on self_report.events.v1 (via the outbox), matched and assessed like any department's;
the cadres' visit verifies it."""
import uuid
from datetime import datetime, timezone

import asyncpg

from shared import topics
from shared.contracts.declaration import SELF_REPORT
from shared.contracts.self_report import HardshipSelfReported, HardshipSelfReportedData
from shared.keys import person_key
from shared.outbox import OutboxMessage, enqueue
from shared.resident_id import normalise
from shared.sources import source_of

SOURCE = source_of(SELF_REPORT)


async def submit(conn: asyncpg.Connection, report: HardshipSelfReportedData, key_secret: str) -> str:
    """Enqueue the report as an event, inside the caller's transaction; returns its event ID.
    Raises InvalidResidentId when a resident ID is given and not valid (GB 11643-1999)."""
    if report.person.resident_id is not None:
        normalise(report.person.resident_id)
    event = HardshipSelfReported(id=str(uuid.uuid4()), source=SOURCE,
                                 type="cn.kashgar.self_report.hardship_self_reported.v1",
                                 time=datetime.now(timezone.utc), data=report)
    await enqueue(conn, "monitor", [OutboxMessage(topics.events_topic("self_report"),
                                                  person_key(report.person.resident_id, key_secret),
                                                  event.model_dump_json().encode())])
    return event.id
