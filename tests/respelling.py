"""Other spellings of one event's JSON, for the tests that the same event in another spelling is
the same event (shared.contracts.canonical): keys in reverse order, other whitespace, the time in
UTC instead of +08:00, money with a trailing zero dropped or added."""
import json
from datetime import datetime, timezone


def respelt(raw: bytes, *, money: dict[str, str] | None = None) -> bytes:
    """`raw` (one event's JSON) spelt otherwise, same meaning; `money` sets fields of `data` to the
    given strings (e.g. {"personal_burden_yuan": "100.0"})."""
    event = json.loads(raw)
    event["time"] = datetime.fromisoformat(event["time"]).astimezone(timezone.utc).isoformat()
    event["data"].update(money or {})
    return json.dumps(_reversed(event), indent=3, ensure_ascii=False).replace(": ", " :  ").encode()


def _reversed(value):
    if isinstance(value, dict):
        return {k: _reversed(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed(v) for v in value]
    return value
