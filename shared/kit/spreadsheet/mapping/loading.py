"""`import_mapping.yaml` read and checked against the department's contracts."""
from pathlib import Path

import yaml
from pydantic import ValidationError

from shared.kit.spreadsheet.mapping.columns import compile_columns
from shared.kit.spreadsheet.mapping.events import compile_event
from shared.kit.spreadsheet.mapping.folding import fold
from shared.kit.spreadsheet.mapping.layout import Layout
from shared.kit.spreadsheet.mapping.spec import LayoutSpec, MappingError, MappingFile


def load_mapping(path: Path, event_models: tuple[type, ...]) -> dict[str, Layout]:
    """Layout name -> Layout. Raises MappingError naming the file and what does not fit."""
    try:
        spec = MappingFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise MappingError(f"{path}: {exc}") from None
    models = {m.model_fields["type"].annotation.__args__[0]: m for m in event_models}
    try:
        return {name: compile_layout(name, layout, models) for name, layout in spec.layouts.items()}
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from None


def compile_layout(name: str, spec: LayoutSpec, models: dict[str, type]) -> Layout:
    kinds: dict[str, set[str]] = {}  # column -> the reader kinds its fields need
    events = {fold(label): compile_event(name, label, ev, spec, models, kinds) for label, ev in spec.events.items()}
    if spec.event_by is not None:
        kinds.setdefault(spec.event_by, set()).add("text")
    elif len(events) > 1:
        raise MappingError(f"layout {name}: several events need event_by, the column that tells them apart")
    for col in ("resident_id", "name"):
        if col not in spec.columns:
            raise MappingError(f"layout {name}: no column {col} (the person's {col})")
    return Layout(name, spec.title, compile_columns(name, spec, events, kinds), spec.event_by, events)
