"""Poison records of every kind the monitor must dead-letter (reason and original bytes), each
alone: the monitor keeps going around them. `records(work, seed)` -> [(kind, department, key, value,
headers)], headers as (name bytes, value bytes); the reused event ID is sent after the workload has
been processed (else which of the two is refused would depend on timing)."""
import base64
import hashlib
import json
from random import Random

from deploy.chaos.workload import Workload

KINDS = ("invalid_json", "invalid_resident_id", "schema_violation", "reused_event_id", "unknown_task_status",
         "oversized", "unreadable_header")
# The Kafka client cannot decode a header name that is not UTF-8 (issue 14 part 1): the monitor
# dead-letters it with its key, value and headers as bytes (services/monitor/unreadable.py). It is
# a valid event otherwise, so processing it instead would show among the effects.
UNREADABLE_KIND = "unreadable_header"
UNREADABLE_NAME = b"\xff\xfe"


def records(work: Workload, seed: int) -> list[tuple[str, str, bytes | None, bytes, list]]:
    rng = Random(f"{seed}:poison")
    dept = sorted(work.http)[0]
    original = json.loads(rng.choice(work.http[dept]))
    reused = {**original, "data": {**original["data"], "person": {**original["data"]["person"], "name": "改名者"}}}
    # An ID that cannot be valid does not refuse an event the matcher links by name, sex, birth date
    # and village (services/monitor/decode.read_resident_id): nobody has this name, no birth date.
    nobody = {**original["data"]["person"], "resident_id": "65310X19900101", "name": "查无此人", "birth_date": None}
    bad_id = {**original, "id": f"poison-{seed}-id", "data": {**original["data"], "person": nobody}}
    no_data = {k: v for k, v in original.items() if k != "data"} | {"id": f"poison-{seed}-schema"}
    status = {"specversion": "1.0", "id": f"poison-{seed}-status", "source": original["source"],
              "type": "cn.kashgar.assistance_task.acknowledged.v1", "time": original["time"],
              "data": {"task_id": f"no-such-task-{seed}", "department": dept, "acknowledged_by": "staff-chaos"}}
    big = {**original, "id": f"poison-{seed}-big", "padding": "x" * 400_000}
    unreadable = {**original, "id": f"poison-{seed}-header"}
    return [
        ("invalid_json", dept, None, b'{"specversion": "1.0", "id": ', []),
        ("invalid_resident_id", dept, None, json.dumps(bad_id, ensure_ascii=False).encode(), []),
        ("schema_violation", dept, None, json.dumps(no_data).encode(), []),
        ("reused_event_id", dept, None, json.dumps(reused, ensure_ascii=False).encode(), []),
        ("unknown_task_status", dept, None, json.dumps(status).encode(), []),
        ("oversized", dept, None, json.dumps(big).encode(), []),
        (UNREADABLE_KIND, dept, f"poison-{seed}-key".encode(), json.dumps(unreadable).encode(),
         [(UNREADABLE_NAME, b"chaos"), (b"ce_source", original["source"].encode())]),
    ]


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode()


def unaccounted(rows: list[tuple[str, str, bytes | None, bytes, list]], letters: list[dict]) -> list[str]:
    """The kinds of `rows` (from records) without a dead letter that carries their value (by its
    SHA-256), key and headers as sent; `letters`: dead-letter data (deploy.chaos.effects.dead_letters)."""
    carried = {(d["original_sha256"], d.get("original_key_base64"),
                json.dumps(d.get("original_header_list") or [], sort_keys=True)) for d in letters}
    return [kind for kind, _, key, value, headers in rows
            if (hashlib.sha256(value).hexdigest(), _b64(key),
                json.dumps([{"name_base64": _b64(n), "value_base64": _b64(v)} for n, v in headers], sort_keys=True))
            not in carried]
