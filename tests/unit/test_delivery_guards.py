"""The delivery guarantees as pure logic, one test per guard (issue 14 part 9): each fails when its
guard is removed (checked by hand and by `make mutation`). Dedup within and across batches, keys
that never carry a resident ID, dead letters that keep their reason and are truncated, and on the
departments' side the ledger's reused-ID conflicts and an Idempotency-Key replayed for another body."""
import base64
import hashlib
import json

import pytest

from services.housing.department import DEPARTMENT as HOUSING
from services.monitor import dedup
from services.monitor.batch import process_batch
from services.monitor.decode import decode
from services.monitor.records import InboundRecord, Rejected
from shared import topics
from shared.deadletter import MAX_ORIGINAL_BYTES, dead_letter
from shared.keys import normalised_person_key, person_key
from shared.kit.http.event_answers import replay
from shared.kit.http.posting import accept_events
from shared.kit.store.ledger import first_of_each_id, outgoing, reused_ids
from shared.kit.store.protocol import Answer
from tests.unit import builders as b
from tests.unit.department_store import InMemoryStore
from tests.unit.test_batch_core import HEAD, POLICY, SECRET, household, person, record, store_of



def housing_record(grade: str, offset: int, event_id: str | None = None) -> InboundRecord:
    event = b.housing(grade, person(HEAD))
    if event_id:
        event = event.model_copy(update={"id": event_id})
    return InboundRecord(topics.events_topic("housing"), 0, offset, b"k", event.model_dump_json().encode())


# --- dedup (services/monitor/dedup.py) --------------------------------------------------------------

def key(event_id: str) -> dedup.EventKey:
    """The dedup identity of housing_record's event `event_id`."""
    return "/kashgar/housing", event_id


def test_an_id_reused_for_other_content_within_one_batch_is_rejected_not_dropped():
    first, reused = housing_record("D", 1, "ev-1"), housing_record("C", 2, "ev-1")
    batch = dedup.first_of_each([decode(first), decode(reused)])
    assert list(batch.fresh) == [key("ev-1")] and batch.fresh[key("ev-1")][0].record == first
    assert batch.rejected == [Rejected(reused, dedup.REUSED_ID)] and batch.duplicates == 0


def test_the_same_event_three_times_in_one_batch_is_one_event_and_two_duplicates():
    again = housing_record("D", 1, "ev-2"), housing_record("D", 2, "ev-2"), housing_record("D", 3, "ev-2")
    batch = dedup.first_of_each(map(decode, again))
    assert list(batch.fresh) == [key("ev-2")] and batch.duplicates == 2 and batch.rejected == []


def test_the_events_after_a_record_decoding_rejected_are_kept():
    bad = InboundRecord(topics.events_topic("housing"), 0, 1, b"k", b"{not json")
    batch = dedup.first_of_each(map(decode, (bad, housing_record("D", 2, "ev-7"), housing_record("C", 3, "ev-8"))))
    assert list(batch.fresh) == [key("ev-7"), key("ev-8")] and [r.record for r in batch.rejected] == [bad]


def test_an_event_processed_before_is_a_duplicate_and_other_content_under_its_id_is_rejected():
    same, other, new = housing_record("D", 1, "ev-3"), housing_record("C", 2, "ev-4"), housing_record("D", 3, "ev-5")
    done = {key("ev-3"): dedup.fingerprint(decode(same)),
            key("ev-4"): dedup.fingerprint(decode(housing_record("D", 9, "ev-4")))}
    twice = housing_record("D", 4, "ev-3")
    batch = dedup.not_processed(dedup.first_of_each(map(decode, (same, other, new, twice))), done)
    assert list(batch.fresh) == [key("ev-5")] and batch.duplicates == 2
    assert batch.rejected == [Rejected(other, dedup.REUSED_ID)]


async def test_a_reused_id_within_one_batch_is_dead_lettered_with_its_reason_and_bytes():
    store = store_of(household(1, "9000", [(HEAD, True, True)]))
    first, reused = housing_record("D", 11, "ev-6"), housing_record("C", 12, "ev-6")
    result = await process_batch(store, [first, reused], POLICY, SECRET)
    assert (result.counts["linked"], result.counts["dead_lettered"]) == (1, 1)
    [row] = store.dead_letters
    assert (row.offset, row.reason) == (12, dedup.REUSED_ID)
    [letter] = [json.loads(m.value) for m in store.outbox if m.topic == topics.DEADLETTER]
    assert letter["data"]["reason"] == dedup.REUSED_ID
    assert base64.b64decode(letter["data"]["original_value_base64"]) == reused.value


async def test_every_dead_letter_message_carries_the_reason_its_row_records():
    store = store_of(household(1, "9000", [(HEAD, True, True)]))
    bad = InboundRecord(topics.events_topic("housing"), 0, 21, b"k", b"{not json")
    await process_batch(store, [bad, record(b.housing("D", person(HEAD)))], POLICY, SECRET)
    letters = [json.loads(m.value)["data"] for m in store.outbox if m.topic == topics.DEADLETTER]
    assert [(d["offset"], d["reason"]) for d in letters] == [(r.offset, r.reason) for r in store.dead_letters]
    assert letters[0]["reason"].startswith("not valid JSON")


# --- keys (shared/keys.py) ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [b.VALID_ID, b.VALID_X_ID, b.VALID_X_ID.lower(), " " + b.VALID_ID, "65310119900101123"])
def test_a_person_key_never_carries_the_resident_id(raw):
    key = person_key(raw, SECRET)
    digits = raw.strip().upper()
    assert key is not None and len(key) == 32 and digits.encode() not in key and digits[:12].encode() not in key
    assert key == person_key(raw, SECRET) != person_key(raw, SECRET + "x")  # stable, and depends on the secret


def test_two_people_have_two_keys():
    assert person_key(b.VALID_ID, SECRET) != person_key(b.VALID_FEMALE_ID, SECRET)


def test_one_person_has_one_key_however_the_id_is_written():
    assert person_key(b.VALID_X_ID.lower(), SECRET) == person_key(b.VALID_X_ID, SECRET) \
        == normalised_person_key(b.VALID_X_ID, SECRET)
    assert person_key(None, SECRET) is None and person_key("  ", SECRET) is None


def test_a_department_events_key_is_the_keyed_hash_not_the_id():
    event = b.housing("D", b.person(b.VALID_ID))
    out = outgoing("housing", event, SECRET)
    assert out.message.key == person_key(b.VALID_ID, SECRET) and b.VALID_ID.encode() not in out.message.key
    # An ID the caller normalised already gets the same key (one partition per person either way).
    assert outgoing("housing", event, SECRET, normalised_id=b.VALID_ID).message.key == out.message.key
    assert outgoing("housing", event, "another-secret", normalised_id=b.VALID_ID).message.key != out.message.key


def test_without_a_key_secret_a_dry_run_message_has_no_key():
    event = b.housing("D", b.person(b.VALID_ID))
    assert outgoing("housing", event, None).message.key is None
    assert outgoing("housing", event, "", normalised_id=b.VALID_ID).message.key is None


# --- dead letters (shared/deadletter.py) -----------------------------------------------------------------

def _letter(value: bytes) -> dict:
    record = InboundRecord("housing.events.v1", 3, 7, b"k", value, (("h", b"v"),))
    return json.loads(dead_letter(record, "why", "test").value)["data"]


def test_a_large_bad_record_is_kept_in_part_with_its_size_and_hash():
    value = b"x" * (MAX_ORIGINAL_BYTES + 10)
    data = _letter(value)
    assert base64.b64decode(data["original_value_base64"]) == value[:MAX_ORIGINAL_BYTES]
    assert data["original_truncated"] is True and data["original_size_bytes"] == len(value)
    assert data["original_sha256"] == hashlib.sha256(value).hexdigest()


def test_a_record_at_the_limit_is_kept_whole_with_its_reason_place_and_headers():
    value = b"y" * MAX_ORIGINAL_BYTES
    data = _letter(value)
    assert base64.b64decode(data["original_value_base64"]) == value and data["original_truncated"] is False
    assert (data["reason"], data["source_topic"], data["partition"], data["offset"]) == ("why", "housing.events.v1", 3, 7)
    assert data["original_headers"] == {"h": base64.b64encode(b"v").decode()}


# --- the department ledger and idempotency keys (shared/kit) ---------------------------------------------

def test_the_ledger_finds_an_id_that_comes_again_with_other_content_in_one_list():
    event = b.housing("D", b.person(b.VALID_ID))
    other = b.housing("C", b.person(b.VALID_ID)).model_copy(update={"id": event.id})
    items = [outgoing("housing", e, SECRET) for e in (event, event, other)]
    first, conflicts = first_of_each_id(items)
    assert list(first) == [event.id] and first[event.id] is items[0] and conflicts == {event.id}
    assert first_of_each_id(items[:2])[1] == set()


def test_the_ledger_finds_an_id_accepted_before_with_other_content():
    event = b.housing("D", b.person(b.VALID_ID))
    other = b.housing("C", b.person(b.VALID_FEMALE_ID))
    first, _ = first_of_each_id([outgoing("housing", e, SECRET) for e in (event, other)])
    stored = {event.id: first[event.id].sha256, other.id: b"another content", "unrelated": b"x"}
    assert reused_ids(first, stored) == {other.id} and reused_ids(first, {}) == set()


def test_an_idempotency_key_is_replayed_only_for_the_same_body():
    first = Answer(hashlib.sha256(b"body").digest(), {"accepted": ["a"]})
    same = replay(first, hashlib.sha256(b"body").digest())
    assert (same.status_code, json.loads(same.body), same.headers["idempotent-replayed"]) == (202, {"accepted": ["a"]}, "true")
    other = replay(first, hashlib.sha256(b"another body").digest())
    assert other.status_code == 422 and "another body" in json.loads(other.body)["errors"][0]["errors"][0]["msg"]


async def test_an_idempotency_key_sent_again_with_another_body_publishes_nothing():
    store = InMemoryStore()
    one = json.dumps([json.loads(b.housing("C", b.person(b.VALID_ID)).model_dump_json())]).encode()
    two = json.dumps([json.loads(b.housing("D", b.person(b.VALID_FEMALE_ID)).model_dump_json())]).encode()
    assert isinstance(await accept_events(store, HOUSING, SECRET, one, "key-1"), dict)
    refused = await accept_events(store, HOUSING, SECRET, two, "key-1")
    assert refused.status_code == 422 and len(store.outbox) == 1
