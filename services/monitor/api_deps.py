"""What the API's handlers are given (FastAPI Depends), from app.state: set by api.build_api, or
by a test with fakes."""
from typing import Annotated

import asyncpg
from fastapi import Depends, Request

from services.monitor.operator_auth import operator
from services.monitor.operator_roles import needs
from services.monitor.policy import Policy as PolicyModel


def _pool(request: Request) -> asyncpg.Pool:
    return request.app.state.pool


def _policy(request: Request) -> PolicyModel:
    return request.app.state.policy


def _key_secret(request: Request) -> str:
    return request.app.state.key_secret


Pool = Annotated[asyncpg.Pool, Depends(_pool)]
Policy = Annotated[PolicyModel, Depends(_policy)]
KeySecret = Annotated[str, Depends(_key_secret)]
Operator = Annotated[str, Depends(operator)]
CaseOfficer = Annotated[str, Depends(needs("case_officer"))]  # an operator whose role may act on cases
