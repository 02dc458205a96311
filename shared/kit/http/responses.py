"""The error body of FastAPI's HTTPException and the refusals every department endpoint documents."""
from pydantic import BaseModel


class Detail(BaseModel):
    detail: str


STAFF_RESPONSES = {401: {"model": Detail, "description": "no API key, or an unknown one"},
                   403: {"model": Detail, "description": "the API key of another department"},
                   503: {"model": Detail, "description": "the database is away for now (header Retry-After, "
                                                         "seconds): send the same request again"}}
DECISION_RESPONSES = {**STAFF_RESPONSES,
                      400: {"model": Detail, "description": "the body is not JSON"},
                      404: {"model": Detail, "description": "no such task for this department"},
                      409: {"model": Detail, "description": "the task's status does not allow this decision"}}
