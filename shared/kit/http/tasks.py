"""/v1/tasks: the department's staff list the tasks the monitor assigned and decide on them; each
decision sends the monitor a status event (shared.kit.tasks.decisions)."""
from typing import Annotated, Literal

import structlog
from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query
from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import monitor as m
from shared.contracts.types import StaffAccount, Text, Yuan
from shared.kit.department import Department
from shared.kit.http.dependencies import authenticated, get_department, get_store
from shared.kit.http.responses import DECISION_RESPONSES, STAFF_RESPONSES
from shared.kit.store.protocol import DepartmentStore
from shared.kit.tasks.decisions import Decision, TaskNotFound, TaskStateConflict, acknowledgement, completion

log = structlog.get_logger(__name__)
router = APIRouter(dependencies=[Depends(authenticated)])
TaskId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_.:-]{1,100}$", description="task ID as assigned by the monitor")]


class AcknowledgeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    acknowledged_by: StaffAccount = Field(description="staff account")
    note: Text | None = Field(default=None, max_length=2000)


class CompleteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    completed_by: StaffAccount
    outcome: m.TaskCompletedData.model_fields["outcome"].annotation
    measures: m.TaskCompletedData.model_fields["measures"].annotation = Field(default_factory=list, max_length=50)
    amount_yuan: Yuan | None = None


@router.get("/v1/tasks", responses=STAFF_RESPONSES)
async def get_tasks(status: Literal["open", "acknowledged", "completed"] | None = None,
                    limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000),
                    store: DepartmentStore = Depends(get_store)) -> list[dict]:
    """Tasks of this department by due date, a page at a time (`limit` ≤ 1,000, then `offset`)."""
    return await store.list_tasks(status, limit, offset)


@router.post("/v1/tasks/{task_id}/acknowledge", responses=DECISION_RESPONSES)
async def acknowledge(task_id: TaskId, req: AcknowledgeRequest, dept: Department = Depends(get_department),
                      store: DepartmentStore = Depends(get_store)) -> dict:
    return await decide(store, acknowledgement(dept.code, task_id, req.acknowledged_by, req.note))


@router.post("/v1/tasks/{task_id}/complete", responses=DECISION_RESPONSES)
async def complete(task_id: TaskId, req: CompleteRequest, dept: Department = Depends(get_department),
                   store: DepartmentStore = Depends(get_store)) -> dict:
    data = m.TaskCompletedData(task_id=task_id, department=dept.code, **req.model_dump())
    return await decide(store, completion(dept.code, data))


async def decide(store: DepartmentStore, decision: Decision) -> dict:
    """{status_event_id, type} of the decision's status event; HTTPException 404 or 409."""
    try:
        event = await store.decide(decision)
    except TaskNotFound:
        raise HTTPException(404, "no such task for this department") from None
    except TaskStateConflict as exc:
        raise HTTPException(409, str(exc)) from None
    log.info("task_decided", task_id=event.data.task_id, status_event=event.type)
    return {"status_event_id": event.id, "type": event.type}
