"""shared.deadletter: a dead letter carries the original record's key, value and headers as
bytes, a header name that is not UTF-8 included (issue 14: they once carried none of them)."""
import base64
import json

import pytest

from services.monitor.records import InboundRecord
from shared.deadletter import dead_letter

pytestmark = pytest.mark.unit


def data(message) -> dict:
    return json.loads(message.value)["data"]


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def test_a_readable_record_keeps_its_key_and_every_header_in_order():
    record = InboundRecord("t", 1, 9, b"key", b"{}", (("a", b"1"), ("a", None)))
    out = data(dead_letter(record, "why", "/kashgar/monitor"))
    assert out["original_key_base64"] == b64(b"key")
    assert out["original_header_list"] == [{"name_base64": b64(b"a"), "value_base64": b64(b"1")},
                                           {"name_base64": b64(b"a"), "value_base64": None}]


def test_raw_headers_of_a_record_the_client_could_not_decode_are_kept_as_sent():
    record = InboundRecord("t", 1, 9, None, b"x", ())
    out = data(dead_letter(record, "unreadable", "/kashgar/monitor", [(b"\xff\xfe", b"v")]))
    assert out["original_key_base64"] is None
    assert out["original_header_list"] == [{"name_base64": b64(b"\xff\xfe"), "value_base64": b64(b"v")}]
    assert out["original_headers"] == {"\\xff\\xfe": b64(b"v")}


def test_a_redelivered_record_gets_the_same_dead_letter_id_and_another_offset_another_one():
    """The chaos run counts dead letters by ID: a redelivery must not count twice (mutation survivor)."""
    first = dead_letter(InboundRecord("t", 1, 9, None, b"x", ()), "why", "/kashgar/monitor")
    again = dead_letter(InboundRecord("t", 1, 9, None, b"x", ()), "why", "/kashgar/monitor")
    ids = {json.loads(m.value)["id"] for m in (first, again)}
    others = {json.loads(dead_letter(InboundRecord(*where, None, b"x", ()), "why", "/kashgar/monitor").value)["id"]
              for where in (("t", 1, 10), ("t", 2, 9), ("u", 1, 9))}
    assert len(ids) == 1 and len(others) == 3 and not ids & others


def test_the_dead_letter_is_keyed_as_its_original_and_an_empty_value_is_hashed_as_empty():
    message = dead_letter(InboundRecord("t", 1, 9, b"key", None, ()), "empty message", "/kashgar/monitor")
    assert message.key == b"key"
    out = data(message)
    assert out["original_sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert (out["original_value_base64"], out["original_size_bytes"]) == ("", 0)
