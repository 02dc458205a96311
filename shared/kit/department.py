"""What a department folder declares (services/<code>/department.py), written there once and
read everywhere else through the catalog (shared.contracts.catalog): its code, Chinese name,
HTTP port, the event models it publishes (services/<code>/contracts.py), whether the monitor
assigns it tasks, and how many events a month the demo replays for it. Its spreadsheet layouts
are data beside it (import_mapping.yaml); its simulator is services/<code>/simulator.py."""
import sys
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType


class CatalogError(LookupError):
    """A department folder declares something inconsistent (code, port, events), or a code is unknown."""


def catalog_or_exit(service: str) -> ModuleType:
    """shared.contracts.catalog, its folders discovered and checked; for an entry point: on
    CatalogError print what is wrong to stderr (no traceback) and exit with status 2, before any
    port, pool or consumer opens."""
    try:
        return import_module("shared.contracts.catalog")
    except CatalogError as exc:
        print(f"the {service} does not start: the catalog of departments is not valid:\n  {exc}", file=sys.stderr)
        sys.exit(2)


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
        return f"/kashgar/{self.code}"

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
