"""One discriminated union per topic (DESIGN.md section 3), and a parser for each."""
from functools import cache
from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from shared.contracts import departments as d
from shared.contracts import monitor as m

TASK_STATUS = (m.TaskAcknowledged, m.TaskCompleted)

# department -> the events it publishes on <department>.events.v1 (besides task status).
DEPARTMENT_EVENTS: dict[str, tuple[type, ...]] = {
    "civil_affairs": (d.SubsistenceAllowanceEnded, d.SubsistenceAllowanceGranted, d.ExtremePovertySupportGranted,
                      d.DeathRegistered, d.DisabilityRegistered),
    "health_insurance": (d.HospitalBillSettled, d.InsuranceLapsed),
    "education": (d.DropoutFlagged, d.ReturnedToSchool),
    "employment": (d.JobLost, d.JobStarted),
    "housing": (d.HousingSafetyAppraised, d.HousingRenovated),
    # 农户自主申报: written by the monitor's self-report endpoint, consumed like any department.
    "self_report": (d.HardshipSelfReported,),
}


# Sources that publish events but are never assigned tasks (no monitor.tasks.<x>.v1 topic).
NO_TASKS = frozenset({"self_report"})


def task_receivers() -> list[str]:
    return [d for d in DEPARTMENT_EVENTS if d not in NO_TASKS]


def _union(models: tuple[type, ...]) -> TypeAdapter:
    if len(models) == 1:
        return TypeAdapter(models[0])
    return TypeAdapter(Annotated[Union[models], Field(discriminator="type")])


@cache
def department_topic_adapter(department: str) -> TypeAdapter:
    """Parser for everything on one department's events topic."""
    return _union(DEPARTMENT_EVENTS[department] + TASK_STATUS)


@cache
def any_department_event_adapter() -> TypeAdapter:
    """Parser for every known department event; the monitor uses it on all events topics."""
    models = tuple(m for ms in DEPARTMENT_EVENTS.values() for m in ms) + TASK_STATUS
    return _union(models)


def department_event_models(department: str) -> tuple[type, ...]:
    return DEPARTMENT_EVENTS[department]
