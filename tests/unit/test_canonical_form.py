"""The same event in another spelling is the same event (shared.contracts.canonical), for the
monitor's reused-ID check (dedup, through the batch core) and a department's ledger and
Idempotency-Key (posting); a changed value is still another event."""
import json
import unicodedata

import pytest
from datetime import timedelta, timezone
from decimal import Decimal

from services.health_insurance.contracts import HospitalBillSettled
from services.health_insurance.department import DEPARTMENT as HEALTH
from services.monitor import dedup
from services.monitor.batch import process_batch
from services.monitor.decode import decode
from services.monitor.records import InboundRecord
from shared import topics
from shared.contracts.canonical import canonical_json, content_digest, spelling_digest
from shared.kit.http.posting import accept_events
from tests.unit import builders as b
from tests.unit.department_store import InMemoryStore
from tests.respelling import respelt
from tests.unit.test_batch_core import HEAD, POLICY, SECRET, household, person, store_of

BURDEN = {"personal_burden_yuan": "100.00", "total_cost_yuan": "300.0"}  # 100 and 300 yuan, other spellings


def bill(burden: str = "100"):
    return b.hospital_bill(person(HEAD), Decimal(burden))


def parsed(raw: bytes) -> HospitalBillSettled:
    return HospitalBillSettled.model_validate_json(raw)


def test_offset_key_order_whitespace_and_decimal_spelling_do_not_change_the_digest():
    event = bill()
    other = parsed(respelt(event.model_dump_json().encode(), money=BURDEN))
    assert other.time.utcoffset() == timedelta(0) != event.time.utcoffset()  # the spelling did change
    assert other.data.personal_burden_yuan.as_tuple() != event.data.personal_burden_yuan.as_tuple()
    assert content_digest(other) == content_digest(event) and canonical_json(other) == canonical_json(event)
    assert spelling_digest(other) != spelling_digest(event)  # what the monitor compared before


def test_another_instant_or_amount_or_text_is_another_digest():
    event = bill()
    for changed in (event.model_copy(update={"time": event.time + timedelta(seconds=1)}),
                    event.model_copy(update={"time": event.time.replace(tzinfo=timezone.utc)}),  # same wall clock
                    bill("100.01").model_copy(update={"id": event.id}),
                    event.model_copy(update={"data": event.data.model_copy(
                        update={"person": event.data.person.model_copy(update={"name": "阿卜杜拉 ·买买提"})})})):
        assert content_digest(changed) != content_digest(event)


def record(raw: bytes) -> InboundRecord:
    return InboundRecord(topics.events_topic("health_insurance"), 0, 1, b"k", raw)


async def test_the_monitor_takes_an_event_in_another_spelling_as_a_duplicate_in_a_batch_and_across_batches():
    store = store_of(household(1, "9000", [(HEAD, True, True)]))
    raw = bill().model_dump_json().encode()
    first = await process_batch(store, [record(raw), record(respelt(raw, money=BURDEN))], POLICY, SECRET)
    again = await process_batch(store, [record(respelt(raw))], POLICY, SECRET)
    assert (first.counts["linked"], first.counts["duplicate"], again.counts["duplicate"]) == (1, 1, 1)
    assert first.counts["dead_lettered"] == again.counts["dead_lettered"] == 0 and len(store.events) == 1


async def test_the_monitor_dead_letters_a_reused_id_whose_amount_changed():
    store = store_of(household(1, "9000", [(HEAD, True, True)]))
    event = bill()
    changed = respelt(event.model_dump_json().encode(), money={"personal_burden_yuan": "100.10"})
    result = await process_batch(store, [record(event.model_dump_json().encode()), record(changed)], POLICY, SECRET)
    later = await process_batch(store, [record(changed)], POLICY, SECRET)
    assert result.counts["dead_lettered"] == later.counts["dead_lettered"] == 1
    assert [d.reason for d in store.dead_letters] == [dedup.REUSED_ID] * 2


def test_a_digest_kept_in_the_older_spelling_bound_form_still_matches_an_exact_resend():
    event = bill()
    item = dedup.first_of_each([dedup_decoded(event)])
    assert dedup.not_processed(item, {dedup.key_of(event): spelling_digest(event)}).duplicates == 1
    assert dedup.not_processed(item, {dedup.key_of(event): spelling_digest(bill("7"))}).rejected[0].reason == dedup.REUSED_ID


def dedup_decoded(event):
    return decode(record(event.model_dump_json().encode()))


async def post(store, body: bytes, key: str | None = None):
    answer = await accept_events(store, HEALTH, "unit-test-secret-0123", body, key)
    return answer if isinstance(answer, dict) else (answer.status_code, json.loads(answer.body))


async def test_a_department_replays_an_idempotency_key_for_its_body_in_another_spelling():
    store = InMemoryStore()
    raw = bill().model_dump_json().encode()
    first = await post(store, raw, "key-1")
    assert await post(store, respelt(raw, money=BURDEN), "key-1") == (202, first)
    assert await post(store, b"[" + respelt(raw) + b"]", "key-1") == (202, first)  # a list of just that event
    status, _ = await post(store, respelt(raw, money={"personal_burden_yuan": "100.5"}), "key-1")
    assert status == 422 and len(store.outbox) == 1


async def test_a_department_accepts_an_event_again_in_another_spelling_without_publishing_it_twice():
    store = InMemoryStore()
    event = bill()
    raw = event.model_dump_json().encode()
    assert await post(store, raw) == await post(store, respelt(raw, money=BURDEN)) == {"accepted": [event.id]}
    status, body = await post(store, respelt(raw, money={"personal_burden_yuan": "99"}))
    assert status == 422 and body["errors"][0]["errors"][0]["loc"] == ["id"] and len(store.outbox) == 1


def test_a_name_in_decomposed_unicode_is_the_same_name_and_another_letter_is_not():
    # Uyghur ئ (U+0626) is canonically equivalent to ي + hamza above (U+064A U+0654): a system that
    # writes NFD (macOS file names, some Java/ICU stacks) sends the same name in other code points.
    nfc = "ئابدۇللا"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc  # the spelling did change
    event = bill()

    def named(name):
        return event.model_copy(update={"data": event.data.model_copy(
            update={"person": event.data.person.model_copy(update={"name": name})})})
    assert content_digest(named(nfd)) == content_digest(named(nfc))
    # compatibility forms are not canonical equivalents: a full-width letter stays another spelling
    assert content_digest(named("Ａbdulla")) != content_digest(named("Abdulla"))


def test_minus_zero_is_zero_as_a_value():
    assert canonical_json(Decimal("-0")) == canonical_json(Decimal("0")) == canonical_json(Decimal("-0.00"))
    assert canonical_json(Decimal("-0.01")) != canonical_json(Decimal("0.01"))


async def test_two_departments_may_use_one_event_id_for_their_own_events():
    store = store_of(household(1, "9000", [(HEAD, True, True)]))
    bill_event = bill()
    housing_event = b.housing("D", person(HEAD)).model_copy(update={"id": bill_event.id})
    records = [record(bill_event.model_dump_json().encode()),
               InboundRecord(topics.events_topic("housing"), 0, 1, b"k", housing_event.model_dump_json().encode())]
    result = await process_batch(store, records, POLICY, SECRET)
    assert [d.reason for d in store.dead_letters] == [] and len(store.events) == 2


BILL = bill()  # one event (each bill() has an ID of its own)


def _spelt(**changes) -> HospitalBillSettled:
    """BILL's JSON with top-level or data fields replaced (None removes the field), parsed."""
    event = json.loads(BILL.model_dump_json())
    for name, value in changes.items():
        where = event if name in event else event["data"]
        if value is None:
            where.pop(name)
        else:
            where[name] = value
    return parsed(json.dumps(event, ensure_ascii=False).encode())


def test_one_instant_in_every_offset_spelling_and_across_midnight_is_one_time():
    # bill() is at 2026-10-15T10:30:00+08:00; 02:30 UTC, 21:30 the day before in UTC-05:00
    same = ["2026-10-15T02:30:00Z", "2026-10-15T02:30:00+00:00", "2026-10-15T02:30:00.000Z",
            "2026-10-15T10:30:00+0800", "2026-10-14T21:30:00-05:00", "2026-10-15T02:30:00z"]
    assert {content_digest(_spelt(time=t)) for t in same} == {content_digest(BILL)}
    assert content_digest(_spelt(time="2026-10-15T02:30:00.001Z")) != content_digest(BILL)


def test_a_string_that_looks_like_money_is_text_and_an_optional_field_null_or_missing_is_one_value():
    assert content_digest(_spelt(settlement_id="12.50")) != content_digest(_spelt(settlement_id="12.5"))
    assert content_digest(_spelt(subject=None)) == content_digest(BILL)  # left out: its default, null
    assert content_digest(_spelt(dataschema="x")) != content_digest(BILL)
