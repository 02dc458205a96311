"""A department's ledger of accepted events on the real PostgreSQL (shared/kit/store/ledger.py):
an event accepted again in another spelling is not published twice, its ID with a changed value is
a conflict, and a row kept before the canonical form (the digest of the event as first spelt)
still recognises an exact re-send."""
from decimal import Decimal

import asyncpg
import pytest

from services.health_insurance.contracts import HospitalBillSettled
from shared.contracts.canonical import spelling_digest
from shared.contracts.types import Person
from shared.db import create_pool
from shared.kit.store.ledger import outgoing
from shared.kit.store.postgres import PostgresStore
from shared.kit.store.protocol import EventIdsConflict
from shared.kit.store.schema import migrate
from tests.integration import events as ev
from tests.respelling import respelt

SECRET = "ledger-test-secret-0123"


def bill(burden: str = "1500"):
    return ev.hospital_bill(Person(resident_id="653101199001011235", name="测试人员"), Decimal(burden))


async def test_the_ledger_compares_meaning_and_still_knows_rows_kept_as_first_spelt(empty_registry):
    conn = await asyncpg.connect(empty_registry)
    await migrate(conn, "health_insurance")
    pool = await create_pool(empty_registry, "health_insurance", min_size=1, max_size=2)
    store = PostgresStore(pool)
    try:
        event = bill()
        other_spelling = HospitalBillSettled.model_validate_json(
            respelt(event.model_dump_json().encode(), money={"personal_burden_yuan": "1500.00"}))
        assert await store.publish([outgoing("health_insurance", event, SECRET)], "http") == {event.id}
        assert await store.publish([outgoing("health_insurance", other_spelling, SECRET)], "http") == set()
        changed = bill("1500.5").model_copy(update={"id": event.id})
        with pytest.raises(EventIdsConflict):
            await store.publish([outgoing("health_insurance", changed, SECRET)], "http")

        old = bill()  # accepted before the canonical form: its row holds the digest of its spelling
        await conn.execute("INSERT INTO health_insurance.published_events (event_id, content_sha256, via) "
                           "VALUES ($1, $2, 'http')", old.id, spelling_digest(old))
        assert await store.publish([outgoing("health_insurance", old, SECRET)], "http") == set()
        assert await conn.fetchval("SELECT count(*) FROM health_insurance.outbox") == 1
    finally:
        await pool.close()
        await conn.close()
