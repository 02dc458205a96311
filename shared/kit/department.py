"""What a department folder declares: its code, its Chinese name and its HTTP port. Its
spreadsheet layouts are data beside it: services/<code>/import_mapping.yaml. (Its simulator is
offline tooling: tooling/simulate/departments/<code>.py.)"""
from dataclasses import dataclass
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path

from shared.contracts.catalog import DEPARTMENT_EVENTS


@dataclass(frozen=True)
class Department:
    code: str  # lower_snake_case; names its schema and topics
    name_zh: str
    http_port: int

    @property
    def source(self) -> str:
        return f"/kashgar/{self.code}"

    @property
    def event_models(self) -> tuple[type, ...]:
        return DEPARTMENT_EVENTS[self.code]

    @property
    def import_mapping(self) -> Path:
        spec = find_spec(f"services.{self.code}")
        return Path(spec.origin).parent / "import_mapping.yaml"

    @cached_property
    def layouts(self) -> dict:
        """Layout name -> Layout (shared.kit.spreadsheet.mapping); raises MappingError when the file does not fit."""
        # pydantic models of the mapping file, only when importing
        from shared.kit.spreadsheet.mapping.loading import load_mapping

        return load_mapping(self.import_mapping, self.event_models)
