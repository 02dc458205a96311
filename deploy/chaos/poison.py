"""Poison records of every kind the monitor must dead-letter (reason and original bytes), each
alone: the monitor keeps going around them. `records(work, seed)` -> [(kind, department, key, value,
headers)]; the reused event ID is sent after the workload has been processed (else which of the two
is refused would depend on timing)."""
import json
from random import Random

from deploy.chaos.workload import Workload

KINDS = ("invalid_json", "invalid_resident_id", "schema_violation", "reused_event_id", "unknown_task_status",
         "oversized")
# Not yet here: a record with a header key that is not UTF-8 (aiokafka's producer encodes header keys
# as UTF-8, so it needs a hand-built record batch) - issue 14 part 1's tests produce one.


def records(work: Workload, seed: int) -> list[tuple[str, str, bytes | None, bytes, list]]:
    rng = Random(f"{seed}:poison")
    dept = sorted(work.http)[0]
    original = json.loads(rng.choice(work.http[dept]))
    reused = {**original, "data": {**original["data"], "person": {**original["data"]["person"], "name": "改名者"}}}
    bad_id = {**original, "id": f"poison-{seed}-id",
              "data": {**original["data"], "person": {**original["data"]["person"], "resident_id": "65310X19900101"}}}
    no_data = {k: v for k, v in original.items() if k != "data"} | {"id": f"poison-{seed}-schema"}
    status = {"specversion": "1.0", "id": f"poison-{seed}-status", "source": original["source"],
              "type": "cn.kashgar.assistance_task.acknowledged.v1", "time": original["time"],
              "data": {"task_id": f"no-such-task-{seed}", "department": dept, "acknowledged_by": "staff-chaos"}}
    big = {**original, "id": f"poison-{seed}-big", "padding": "x" * 400_000}
    return [
        ("invalid_json", dept, None, b'{"specversion": "1.0", "id": ', []),
        ("invalid_resident_id", dept, None, json.dumps(bad_id).encode(), []),
        ("schema_violation", dept, None, json.dumps(no_data).encode(), []),
        ("reused_event_id", dept, None, json.dumps(reused, ensure_ascii=False).encode(), []),
        ("unknown_task_status", dept, None, json.dumps(status).encode(), []),
        ("oversized", dept, None, json.dumps(big).encode(), []),
    ]
