"""A row's parsed values -> its event: ID from the natural key, time noon Asia/Shanghai of the
business date, validated by the contract (errors in the file's words, rows.explain)."""
from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from shared.kit.spreadsheet.mapping.layout import EventKind
from shared.kit.spreadsheet.rows.cells import RowCells
from shared.kit.spreadsheet.rows.explain import explain
from shared.kit.spreadsheet.rows.results import RowError, RowEvent
from shared.kit.spreadsheet.values.text import shown
from shared.resident_id import InvalidResidentId, normalise

if TYPE_CHECKING:
    from shared.kit.spreadsheet.rows.reader import RowReader

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
# Noon: a date with no time of day reads as the same calendar day in UTC and in Kashgar.
BUSINESS_TIME_OF_DAY = time(12, 0)
NAMESPACE = uuid.UUID("5b0c2f7e-3d41-4e8a-9a6f-0e2d6c1b7a93")


def row_event(reader: RowReader, row: int, kind: EventKind, parsed: dict, raw: RowCells) -> RowEvent | list[RowError]:
    data = {field: parsed[col] for field, col in kind.data_columns if col in parsed}
    data["person"] = {field: parsed[col] for field, col in kind.person_columns if col in parsed}
    missing = [c for c in (kind.time, *kind.key) if c not in parsed]
    if missing:
        return [RowError(row, reader.header(c), "", "required: the cell is empty") for c in missing]
    if "resident_id" in reader.layout.columns and "resident_id" not in parsed \
            and "village_code" not in reader.layout.columns:
        # Without an ID the monitor searches the registry by village: a layout without one
        # would only fill its dead-letter topic.
        return [RowError(row, reader.header("resident_id"), "",
                         "required: the cell is empty (this layout has no village to match the person by)")]
    try:
        resident_id = normalise(parsed["resident_id"]).value if "resident_id" in parsed else None
    except InvalidResidentId as exc:
        resident_id = None
        id_error = RowError(row, reader.header("resident_id"), shown(raw.get("resident_id")), str(exc))
    # The normalised ID in the key: the same person however the ID was typed (blanks, full-width digits, x).
    key = [resident_id or str(parsed[c]) if c == "resident_id" else _key_part(parsed[c]) for c in kind.key]
    event_id = uuid.uuid5(NAMESPACE, "|".join([reader.department, kind.type, *key]))
    document = {"id": str(event_id), "source": reader.source, "type": kind.type,
                "time": datetime.combine(parsed[kind.time], BUSINESS_TIME_OF_DAY, LOCAL_TZ), "data": data}
    errors = []
    try:
        event = kind.model.model_validate(document)
    except ValidationError as exc:
        event = None
        errors = [explain(reader.layout, reader.header, row, kind, e, raw)
                  for e in exc.errors(include_url=False, include_input=False)]
    if "resident_id" in parsed and resident_id is None:
        errors.append(id_error)
    if errors:
        return errors
    return RowEvent(row, event, tuple((reader.header(c), raw[c]) for c in kind.key), resident_id)


def _key_part(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
