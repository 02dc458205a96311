"""One spreadsheet row -> one canonical event, or the reasons it cannot be one.

The event is a pure function of the row's values: its ID is a UUIDv5 of the department, the
event type and the row's natural key (mapping `key`), and its time is noon Asia/Shanghai of the
business date, so the same row in any later import or re-export gives byte-identical content.
"""
import re
import unicodedata
import uuid
from dataclasses import dataclass, replace
from itertools import islice
from datetime import datetime, time
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from shared.kit import values as v
from shared.kit.mapping import Layout, fold
from shared.resident_id import InvalidResidentId, normalise

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
# Noon: a date with no time of day reads as the same calendar day in UTC and in Kashgar.
BUSINESS_TIME_OF_DAY = time(12, 0)
NAMESPACE = uuid.UUID("5b0c2f7e-3d41-4e8a-9a6f-0e2d6c1b7a93")
# Rows that offices put below (or between) the data: totals, then who made, checked and sent the
# sheet. Recognised by their first cells; "备注：" and "说明：" only with their colon.
# A totals label may name its scope first: 本页合计, 全村合计, 本月小计, 全乡总计. The scopes are listed,
# not any characters: a name such as 阿合计江 is not a totals label.
SCOPES = "本页|本表|本期|本月|本季度?|本年度?|当月|当页|本村|本乡|本镇|本县|全村|全乡|全镇|全县|全市|全区|全部|各村|村|乡|镇"
TOTALS = re.compile(rf"^(?:{SCOPES})?(?:合计|小计|总计|共计)")
FOOTERS = ("制表人", "制表日期", "制表单位", "审核人", "审核日期", "填报单位", "填报人", "填报日期", "填表人", "填表日期",
           "复核人", "统计人", "联系电话", "负责人", "单位负责人", "经办人", "制表:", "审核:", "复核:", "填表:", "填报:",
           "备注:", "说明:", "注:")
SUMMARY_CELLS = 2  # a totals or footer label is in the first or second cell that is not empty
CUT_ID = ("; it ends in 000 as an ID does after a spreadsheet stored it as a number (only 15 digits kept): "
          "take the ID from the source, not from this file")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as written in the file; empty when the row as a whole is wrong
    value: str
    reason: str
    sheet: str = ""  # of a workbook with several sheets


@dataclass(frozen=True)
class Skipped:
    """A totals, signature or footer row: not data, so neither an event nor a bad row."""

    row: int
    value: str  # the cell that says what the row is (合计, 制表人：...)
    reason: str


@dataclass(frozen=True)
class RowEvent:
    row: int
    event: object  # a CloudEvent of the department
    key_cells: tuple[tuple[str, object], ...]  # (header, cell) of the natural key
    resident_id: str  # normalised (shared.resident_id), for the message key
    warning: RowError | None = None  # imported, but the file should be checked (an ID a spreadsheet cut)

    @property
    def key_text(self) -> str:
        """The natural key as a clerk reads it, for messages about repeated rows."""
        return "、".join(f"{header} {v.shown(cell)}" for header, cell in self.key_cells)


class _Cells:
    """A row's cells by column name, for error messages (built only for rows that need one)."""

    def __init__(self, cells: list, positions: dict[str, int]):
        self.cells, self.positions = cells, positions

    def get(self, column: str):
        i = self.positions.get(column)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def __getitem__(self, column: str):
        return self.get(column)


class RowReader:
    """Reads the rows of one file whose header row matched `layout` (positions: column -> cell index)."""

    def __init__(self, department: str, source: str, layout: Layout, positions: dict[str, int],
                 headers: dict[str, str]):
        self.department, self.source, self.layout = department, source, layout
        self.positions, self.headers = positions, headers
        self._readers = [(col, i, layout.columns[col].read) for col, i in positions.items()]
        self.cut_ids: list[int] = []  # rows whose ID looks cut by a spreadsheet (…000, a number)

    def header(self, column: str) -> str:
        return self.headers.get(column, self.layout.columns[column].header)

    def read(self, row: int, cells: list) -> RowEvent | list[RowError] | Skipped | None:
        """None for a blank row; Skipped for a totals or footer row; a list of every problem of a bad one.
        Rows whose ID cell shows what a spreadsheet leaves of a number ID are added to `cut_ids`."""
        result = self._read(row, cells)
        if not isinstance(result, RowEvent) and (skipped := summary_row(row, cells)) is not None:
            return skipped
        at = self.positions.get("resident_id")
        if at is not None and at < len(cells) and cells[at] is not None and v.cut_by_spreadsheet(cells[at]):
            self.cut_ids.append(row)
            return self._cut_id(result, cells[at])
        return result

    def _cut_id(self, result, cell):
        header = self.header("resident_id")
        if isinstance(result, RowEvent):
            return replace(result, warning=RowError(result.row, header, v.shown(cell), "warning: imported, but the ID "
                                                    "may be wrong" + CUT_ID + "; the monitor does not link it on the "
                                                    "ID alone"))
        return [replace(e, reason=e.reason + CUT_ID) if e.column == header and not e.reason.startswith(v.NUMBER_ID)
                else e for e in result] if result else result

    def _read(self, row: int, cells: list) -> RowEvent | list[RowError] | None:
        parsed, errors, width = {}, [], len(cells)
        for col, i, read in self._readers:
            cell = cells[i] if i < width else None
            if cell is None or cell == "" or (type(cell) is str and cell.isspace()):
                continue
            try:
                parsed[col] = read(cell)
            except v.CellError as exc:
                errors.append(RowError(row, self.header(col), v.shown(cell), str(exc)))
        if not parsed and not errors:
            return None
        raw = _Cells(cells, self.positions)
        kind = self._kind(row, parsed, raw, errors)
        if errors or kind is None:
            return errors
        return self._event(row, kind, parsed, raw)

    def _kind(self, row, parsed, raw, errors):
        by = self.layout.event_by
        if by is None:
            return next(iter(self.layout.events.values()))
        if by not in parsed:
            if not any(e.column == self.header(by) for e in errors):
                errors.append(RowError(row, self.header(by), "", "required: the cell is empty"))
            return None
        kind = self.layout.events.get(fold(str(parsed[by])))
        if kind is None:
            labels = "、".join(k.label for k in self.layout.events.values())
            errors.append(RowError(row, self.header(by), v.shown(raw[by]), f"must be one of {labels}"))
        return kind

    def _event(self, row, kind, parsed, raw) -> RowEvent | list[RowError]:
        data = {field: parsed[col] for field, col in kind.data_columns if col in parsed}
        data["person"] = {field: parsed[col] for field, col in kind.person_columns if col in parsed}
        missing = [c for c in (kind.time, *kind.key) if c not in parsed]
        if missing:
            return [RowError(row, self.header(c), "", "required: the cell is empty") for c in missing]
        if "resident_id" in self.layout.columns and "resident_id" not in parsed \
                and "village_code" not in self.layout.columns:
            # Without an ID the monitor searches the registry by village: a layout without one
            # would only fill its dead-letter topic.
            return [RowError(row, self.header("resident_id"), "",
                             "required: the cell is empty (this layout has no village to match the person by)")]
        try:
            resident_id = normalise(parsed["resident_id"]).value if "resident_id" in parsed else None
        except InvalidResidentId as exc:
            resident_id = None
            id_error = RowError(row, self.header("resident_id"), v.shown(raw.get("resident_id")), str(exc))
        # The normalised ID in the key: the same person however the ID was typed (blanks, full-width digits, x).
        key = [resident_id or str(parsed[c]) if c == "resident_id" else self._key_part(parsed[c]) for c in kind.key]
        event_id = uuid.uuid5(NAMESPACE, "|".join([self.department, kind.type, *key]))
        document = {"id": str(event_id), "source": self.source, "type": kind.type,
                    "time": datetime.combine(parsed[kind.time], BUSINESS_TIME_OF_DAY, LOCAL_TZ), "data": data}
        errors = []
        try:
            event = kind.model.model_validate(document)
        except ValidationError as exc:
            event = None
            errors = [self._explain(row, kind, e, raw) for e in exc.errors(include_url=False, include_input=False)]
        if "resident_id" in parsed and resident_id is None:
            errors.append(id_error)
        if errors:
            return errors
        return RowEvent(row, event, tuple((self.header(c), raw[c]) for c in kind.key), resident_id)

    @staticmethod
    def _key_part(value) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    def _explain(self, row: int, kind, error: dict, raw: _Cells) -> RowError:
        """A pydantic error in the words of the file: the header instead of the field name."""
        loc = tuple(error["loc"])
        by_field = {**dict(kind.data_columns), **{("person", f): c for f, c in kind.person_columns}}
        column = {("time",): kind.time}.get(loc) or by_field.get(loc[1] if len(loc) == 2 else loc[1:3])
        message = error["msg"].removeprefix("Value error, ").replace("time must not", "the date must not")
        if error["type"] == "missing":
            message = "required: the cell is empty"
        elif column is not None and self.layout.columns[column].values:
            message += f" (the file may write {'、'.join(map(str, self.layout.columns[column].values))})"
        if column is None:  # a check across fields: name them as the file does
            for field, col in sorted(by_field.items(), key=lambda fc: -len(str(fc[0]))):
                if isinstance(field, str):
                    message = message.replace(field, self.header(col))
            return RowError(row, "", "", message)
        return RowError(row, self.header(column), v.shown(raw.get(column)), message)


def summary_row(row: int, cells: list) -> Skipped | None:
    """Skipped when one of the row's first two cells with anything in them starts a totals row
    (合计, 小 计, 总计：) or a signature or footer row (制表人：张三, 填表日期：2023年9月); else None."""
    filled = (c for c in cells if c is not None and not (type(c) is str and (not c or c.isspace())))
    for cell in islice(filled, SUMMARY_CELLS):
        if type(cell) is not str:
            continue
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", cell))
        if total := TOTALS.match(text):
            return Skipped(row, cell.strip(), f"skipped: a totals row ({total.group(0)}), not data")
        if text.startswith(FOOTERS):
            return Skipped(row, cell.strip(), "skipped: a signature or footer row, not data")
    return None
