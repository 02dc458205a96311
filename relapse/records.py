"""One Kafka record as a watch row: decoded, never with a name or a full resident ID on it.
Pure: the tests feed it bytes."""
import json
from dataclasses import dataclass

from shared.resident_id.masking import masked

LEVEL_STYLE = {"red": "bold red", "orange": "dark_orange", "yellow": "yellow", "green": "green"}


@dataclass(frozen=True)
class Row:
    """`problem` is set (and the rest empty) for a record that is not a JSON event."""
    partition: int
    offset: int
    time: str = ""
    type: str = ""
    county: str = ""
    level: str = ""
    resident: str = ""
    event_id: str = ""
    problem: str = ""


def short_type(event_type: str) -> str:
    """'monitor.alert_raised' for 'cn.kashgar.monitor.alert_raised.v1'."""
    parts = event_type.split(".")
    if len(parts) >= 4 and parts[0] == "cn" and parts[-1].startswith("v"):
        return ".".join(parts[2:-1])
    return event_type


def _find(value, key: str):
    """The first value under `key` anywhere in nested dicts and lists (None when absent)."""
    if isinstance(value, dict):
        if value.get(key) not in (None, ""):
            return value[key]
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = _find(item, key)
            if found is not None:
                return found
    return None


def _issuing_county(resident) -> str:
    text = str(resident or "")
    return text[:6] if len(text) in (15, 18) and text[:6].isdigit() else ""


def decode(partition: int, offset: int, value: bytes | None) -> Row:
    """The record's row; one saying why for a record that is empty, not UTF-8 JSON, or not an event object."""
    if value is None:
        return Row(partition, offset, problem="undecodable: empty record (a tombstone)")
    try:
        event = json.loads(value)
    except (UnicodeDecodeError, ValueError):
        return Row(partition, offset, problem=f"undecodable: not UTF-8 JSON ({len(value)} bytes)")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return Row(partition, offset, problem="undecodable: JSON without an event type")
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    village, resident = _find(data, "village_code"), _find(data, "resident_id")
    # The county: the event's, else its village's, else the one that issued the resident ID (its first six digits).
    county = _find(data, "county_code") or (str(village)[:6] if village else "") or _issuing_county(resident)
    return Row(partition, offset, time=str(event.get("time", "")), type=short_type(event["type"]), county=str(county),
               level=str(data.get("level") or ""), resident=masked(str(resident)) if resident else "",
               event_id=str(event.get("id", "")))


def wanted(row: Row, types: list[str], county: str | None) -> bool:
    """Whether --type (any of them, a part of the type) and --county let the row through; problem rows always pass."""
    if row.problem:
        return True
    return (not types or any(t in row.type for t in types)) and (county is None or row.county == county)
