"""The pure parts of the dead-letter re-drive (services/monitor/redrive.py) and the retention
settings (services/monitor/retention.py); the re-drive and the purge against the real broker and
database: tests/integration/test_dead_letter_redrive.py and test_retention.py."""
import base64
import json

import pytest

from services.monitor import scheduler
from services.monitor.db_dead_letters import WaitingRow, _headers_json
from services.monitor.redrive import BEFORE_013, NOT_UTF8_HEADER, Selection, _sendable
from services.monitor.retention import RetentionSettings, purge_expired
from shared.settings import SettingsError, load


def test_a_selection_is_ids_or_one_reason():
    assert Selection((3, 4)).as_json() == {"ids": [3, 4]} and Selection(reason="r").as_json() == {"reason": "r"}
    for neither_or_both in ({}, {"ids": (1,), "reason": "r"}):
        with pytest.raises(ValueError):
            Selection(**neither_or_both)


def row(value: bytes | None, headers) -> WaitingRow:
    stored = [(base64.b64decode(k), base64.b64decode(v)) for k, v in json.loads(_headers_json(headers))]
    return WaitingRow(1, "t", 0, 0, "r", None, b"k", value, stored)


def test_headers_are_sent_as_consumed_and_a_record_that_cannot_be_sent_says_why():
    assert _sendable(row(b"v", [("traceparent", b"00-1"), ("empty", None)])) == (
        [("traceparent", b"00-1"), ("empty", b"")], None)
    assert _sendable(row(b"v", [(b"\xff\xfe", b"x")])) == (None, NOT_UTF8_HEADER)
    assert _sendable(row(None, [])) == (None, BEFORE_013)


def test_processed_ids_are_kept_longer_than_kafka_keeps_records(monkeypatch):
    assert load(RetentionSettings).processed_event_retention_days == 90
    monkeypatch.setenv("PROCESSED_EVENT_RETENTION_DAYS", "7")
    with pytest.raises(SettingsError, match="PROCESSED_EVENT_RETENTION_DAYS"):
        load(RetentionSettings)


def test_the_scheduler_runs_the_retention_pass():
    assert purge_expired in scheduler.PASSES.values()
