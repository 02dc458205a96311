"""One Kafka record -> a validated department event or a reason to dead-letter it:
services/monitor/decode.py. Records are built by hand; no broker.
"""
import json

import pytest

from services.monitor.decode import MAX_REASON, decode
from services.monitor.records import Decoded, InboundRecord, Rejected
from services.housing.contracts import HousingSafetyAppraised
from shared.contracts import monitor as m
from shared.topics import ALERTS, events_topic
from tests.unit import builders as b


def record(topic: str, value: bytes | None, key: bytes | None = b"k") -> InboundRecord:
    return InboundRecord(topic, 0, 42, key, value, (("traceparent", b"00-1"),), 1_760_000_000_000)


def as_bytes(event) -> bytes:
    return event.model_dump_json().encode()


def rejected(topic: str, value: bytes | None) -> str:
    result = decode(record(topic, value))
    assert isinstance(result, Rejected), result
    return result.reason


def with_resident_id(event, resident_id: str) -> bytes:
    body = json.loads(event.model_dump_json())
    body["data"]["person"]["resident_id"] = resident_id
    return json.dumps(body, ensure_ascii=False).encode()


def test_a_valid_event_on_its_department_topic_is_decoded():
    event = b.housing("C")
    result = decode(record(events_topic("housing"), as_bytes(event)))
    assert isinstance(result, Decoded)
    assert result.department == "housing"
    assert result.event == event
    assert isinstance(result.event, HousingSafetyAppraised)
    assert result.resident_id.value == b.VALID_ID
    assert result.resident_id.changed is False
    assert result.is_task_status is False
    assert result.record.offset == 42


def test_a_lower_case_x_id_is_decoded_with_the_normalised_id_marked_changed():
    event = b.housing("D", p=b.person(b.VALID_X_ID.lower()))
    result = decode(record(events_topic("housing"), as_bytes(event)))
    assert isinstance(result, Decoded)
    assert result.resident_id.value == b.VALID_X_ID
    assert result.resident_id.changed is True
    assert result.event.data.person.resident_id == b.VALID_X_ID.lower()  # the event itself is kept as sent


def test_a_value_that_is_not_json_is_rejected():
    assert rejected(events_topic("housing"), b"{not json").startswith("not valid JSON")


def test_bytes_that_are_not_utf8_are_rejected_as_not_json():
    assert rejected(events_topic("housing"), b"\xff\xfe{}").startswith("not valid JSON")


@pytest.mark.parametrize("value", [b"", None], ids=["empty", "tombstone"])
def test_an_empty_value_is_rejected(value):
    assert rejected(events_topic("housing"), value) == "empty message"


def test_an_unknown_event_type_is_rejected():
    body = json.loads(as_bytes(b.housing("C")))
    body["type"] = "cn.kashgar.housing.house_demolished.v1"
    reason = rejected(events_topic("housing"), json.dumps(body).encode())
    assert reason.startswith("invalid event:")
    assert "cn.kashgar.housing.house_demolished.v1" in reason


def test_a_json_value_that_is_not_an_object_is_rejected():
    assert rejected(events_topic("housing"), b"[1, 2]").startswith("invalid event:")


def test_an_education_event_on_the_housing_topic_is_not_allowed_whatever_its_source_says():
    assert "is education's, not housing's" in rejected(events_topic("housing"), as_bytes(b.dropout()))
    reason = rejected(events_topic("housing"), as_bytes(b.dropout().model_copy(update={"source": "/kashgar/housing"})))
    assert "not allowed" in reason
    assert "cn.kashgar.education.dropout_flagged.v1" in reason


def test_a_record_on_a_topic_that_is_not_a_department_events_topic_is_rejected():
    assert "not a department events topic" in rejected(ALERTS, as_bytes(b.housing("C")))


def test_a_bad_check_character_is_kept_for_the_matcher_with_its_reason():
    value = with_resident_id(b.housing("C"), b.VALID_ID[:-1] + "6")
    item = decode(record(events_topic("housing"), value))
    assert isinstance(item, Decoded) and item.resident_id is None
    assert "bad_check_character" in item.id_problem
    assert b.VALID_ID[:-1] not in item.id_problem  # it may reach the dead-letter topic: no ID in it
    assert item.person_ref == f"event:{item.event.id}"


def test_a_missing_resident_id_is_kept_for_the_matcher():
    body = json.loads(as_bytes(b.housing("C")))
    del body["data"]["person"]["resident_id"]
    item = decode(record(events_topic("housing"), json.dumps(body, ensure_ascii=False).encode()))
    assert isinstance(item, Decoded) and item.resident_id is None
    assert item.id_problem == "resident_id missing"


def test_a_valid_resident_id_has_no_problem_and_is_its_own_reference():
    item = decode(record(events_topic("housing"), as_bytes(b.housing("C"))))
    assert item.id_problem is None and item.person_ref == b.VALID_ID


def test_a_missing_field_is_rejected_and_the_reason_does_not_quote_the_input():
    body = json.loads(as_bytes(b.housing("C")))
    del body["data"]["grade"]
    reason = rejected(events_topic("housing"), json.dumps(body, ensure_ascii=False).encode())
    assert "grade" in reason
    assert b.VALID_ID not in reason and "阿卜杜拉" not in reason


def test_a_reason_listing_many_errors_is_bounded():
    body = json.loads(as_bytes(b.housing("C")))
    body["data"] = {f"extra_{i}": "x" * 300 for i in range(30)}
    reason = rejected(events_topic("housing"), json.dumps(body).encode())
    assert len(reason) <= MAX_REASON
    assert "more)" in reason


def test_task_status_from_the_owning_department_is_decoded_without_a_resident_id():
    result = decode(record(events_topic("housing"), as_bytes(b.task_acknowledged("housing"))))
    assert isinstance(result, Decoded)
    assert isinstance(result.event, m.TaskAcknowledged)
    assert result.resident_id is None
    assert result.is_task_status is True


def test_task_status_for_another_department_is_rejected_whatever_its_source_says():
    assert "is education's, not housing's" in rejected(events_topic("housing"), as_bytes(b.task_acknowledged("education")))
    forged = b.task_acknowledged("education").model_copy(update={"source": "/kashgar/housing"})
    assert "task status for education" in rejected(events_topic("housing"), as_bytes(forged))


def test_a_resident_id_of_unusual_unicode_digits_is_an_id_problem_not_an_exception():
    value = with_resident_id(b.housing("C"), "፩" * 15)
    item = decode(record(events_topic("housing"), value))
    assert isinstance(item, Decoded) and "bad_format" in item.id_problem


def test_an_unexpected_error_while_decoding_one_record_rejects_that_record_instead_of_raising(monkeypatch):
    import services.monitor.decode as decode_module

    def broken(_raw):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(decode_module, "normalise", broken)
    result = decode(record(events_topic("housing"), as_bytes(b.housing("C"))))
    assert isinstance(result, Rejected)
    assert "RuntimeError" in result.reason
