"""Dead letters: a record no handler could use, kept with the reason and its original bytes
and headers (DESIGN.md section 7), on monitor.deadletter.v1. Any service may write one."""
import base64
import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone

from aiokafka.structs import ConsumerRecord

from shared import topics
from shared.contracts import monitor as m
from shared.outbox import OutboxMessage

NAMESPACE = uuid.UUID("a3c1f0de-5d2e-4b8a-8f57-6531de4d1e77")
# Kafka refuses messages over ~1 MiB; base64 grows the original by a third, so a large bad record
# is kept in part (with its size and hash) rather than stalling the outbox behind it.
MAX_ORIGINAL_BYTES = 256 * 1024


def dead_letter(record: ConsumerRecord, reason: str, source: str,
                raw_headers: Sequence[tuple[bytes, bytes | None]] | None = None) -> OutboxMessage:
    """An outbox message for `record`; its ID is stable per topic, partition and offset, so a
    redelivered bad record yields the same dead letter. `raw_headers`: the headers as bytes when
    their names could not be decoded (shared/kafka_raw/records.py); else record.headers."""
    value = record.value or b""
    if raw_headers is None:
        raw_headers = [(k.encode(), v) for k, v in (record.headers or ())]
    data = m.DeadLetterData(
        reason=reason, source_topic=record.topic, partition=record.partition, offset=record.offset,
        original_value_base64=base64.b64encode(value[:MAX_ORIGINAL_BYTES]).decode(),
        original_size_bytes=len(value), original_sha256=hashlib.sha256(value).hexdigest(),
        original_truncated=len(value) > MAX_ORIGINAL_BYTES,
        original_headers={k.decode("utf-8", "backslashreplace"): _b64(v or b"") for k, v in raw_headers},
        original_key_base64=None if record.key is None else _b64(record.key),
        original_header_list=[m.RawHeader(name_base64=_b64(k), value_base64=None if v is None else _b64(v))
                              for k, v in raw_headers],
    )
    event = m.DeadLettered(id=str(uuid.uuid5(NAMESPACE, f"{record.topic}|{record.partition}|{record.offset}")),
                           source=source, type="cn.kashgar.monitor.dead_lettered.v1",
                           time=datetime.now(timezone.utc), data=data)
    # Same key as the original record, so the dead letter sits beside its neighbours.
    return OutboxMessage(topics.DEADLETTER, record.key, event.model_dump_json().encode())


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
