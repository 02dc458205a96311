"""What a department folder declares (services/<code>/department.py), written there once and
read everywhere else through the catalog (shared.contracts.catalog): its code, Chinese name,
HTTP port, the event models it publishes (services/<code>/contracts.py), whether the monitor
assigns it tasks, and how many events a month the demo replays for it. Its spreadsheet layouts
are data beside it (import_mapping.yaml); its simulator is services/<code>/simulator.py."""
from dataclasses import dataclass
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path

from shared.sources import source_of


@dataclass(frozen=True)
class Department:
    code: str  # lower_snake_case, the folder's name; names its schema and topics
    name_zh: str
    http_port: int
    event_models: tuple[type, ...]  # CloudEvent models it publishes on <code>.events.v1
    receives_tasks: bool = True  # False: the monitor never assigns it a task (no monitor.tasks.<code>.v1)
    demo_events: int = 1000  # events a month the demo replays for it (rough monthly volume)

    @property
    def source(self) -> str:
        """`/kashgar/<code>` (shared.sources: which sources are this department's)."""
        return source_of(self.code)

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
