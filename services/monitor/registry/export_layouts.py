"""export_mapping.yaml read and checked: layouts of households and members, each part a kit
Layout (shared/kit/spreadsheet/mapping) so that the kit finds its header row. Top-level keys
starting with x- are YAML anchors for sharing columns between layouts."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.kit.spreadsheet.mapping.columns import codes
from shared.kit.spreadsheet.mapping.folding import fold
from shared.kit.spreadsheet.mapping.layout import Column, Layout
from shared.kit.spreadsheet.mapping.spec import ColumnSpec, MappingError

from .export_fields import ALL_FIELDS, KEY, KINDS, MEMBER_FIELDS

DEFAULT_MAPPING = Path(__file__).resolve().parent / "export_mapping.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartSpec(_Strict):
    title: str
    columns: dict[str, ColumnSpec]


class LayoutSpec(_Strict):
    title: str
    households: PartSpec | None = Field(default=None, description="one row per household")
    members: PartSpec = Field(description="one row per member; with household columns when `households` is absent")


@dataclass(frozen=True)
class ExportLayout:
    """A layout: its parts by name ("households", "members"), each a kit Layout named layout.part."""

    name: str
    title: str
    parts: dict[str, Layout]

    @property
    def one_sheet(self) -> bool:
        return "households" not in self.parts


def load_export_mapping(path: Path = DEFAULT_MAPPING) -> dict[str, ExportLayout]:
    """Layout name -> ExportLayout. Raises MappingError naming the file and what does not fit."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        layouts = {n: LayoutSpec.model_validate(s) for n, s in (raw or {}).get("layouts", {}).items()}
    except (OSError, yaml.YAMLError, ValidationError, AttributeError) as exc:
        raise MappingError(f"{path}: {exc}") from None
    if not layouts:
        raise MappingError(f"{path}: no layouts")
    try:
        return {name: _layout(name, spec) for name, spec in layouts.items()}
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from None


def _layout(name: str, spec: LayoutSpec) -> ExportLayout:
    parts = {"members": spec.members} | ({"households": spec.households} if spec.households else {})
    return ExportLayout(name, spec.title, {part: _part(f"{name}.{part}", p) for part, p in parts.items()})


def _part(name: str, spec: PartSpec) -> Layout:
    for field in spec.columns:
        if field not in ALL_FIELDS:
            raise MappingError(f"layout {name}: {field} is no field of the registry ({', '.join(ALL_FIELDS)})")
    if KEY not in spec.columns:
        raise MappingError(f"layout {name}: no column {KEY} (户编号)")
    if name.endswith(".members"):
        for field in ("resident_id", "name", "relation"):
            if field not in spec.columns:
                raise MappingError(f"layout {name}: no column {field}")
    elif any(f in spec.columns for f in MEMBER_FIELDS):
        raise MappingError(f"layout {name}: a households part has no member columns")
    columns = {f: _column(f, c) for f, c in spec.columns.items()}
    return Layout(name, spec.title, columns, None, {})


def _column(field: str, spec: ColumnSpec) -> Column:
    preferred = [h for h in spec.headers if h not in spec.stand_in] + spec.stand_in
    return Column(field, spec.headers[0], tuple(map(fold, preferred)), KINDS.get(field, "text"), spec.required,
                  {fold(k): v for k, v in spec.values.items()}, codes(spec.values))
