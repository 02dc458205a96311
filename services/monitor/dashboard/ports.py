"""What the dashboard reads from the monitor, handed in by services/monitor/api.py (services/monitor/
dashboard_reads.py: the queries of db_dashboard and db_system, and consumer lag from the broker): the dashboard package imports none of the monitor's own modules,
so the monitor can mount it without an import cycle (tests/unit/test_package_boundaries.py)."""
from datetime import datetime, tzinfo
from typing import Annotated, Protocol

import asyncpg
from fastapi import Depends, Request
from starlette.datastructures import State


class MonitorReads(Protocol):
    """Every query takes `counties`: the county codes the signed-in operator may see (session.Scope),
    None for the whole prefecture; household_story answers None for a household outside them."""
    LOCAL_TZ: tzinfo  # day boundaries and shown times (Asia/Shanghai)

    async def alerts_by_county(self, conn: asyncpg.Connection, *,
                               counties: frozenset[str] | None) -> dict[str, dict[str, int]]: ...
    async def alerts_per_day(self, conn: asyncpg.Connection, *,
                             counties: frozenset[str] | None) -> list[tuple[str, int]]: ...
    async def households_monitored(self, conn: asyncpg.Connection, *, counties: frozenset[str] | None) -> int: ...
    async def tasks_by_department(self, conn: asyncpg.Connection, *, counties: frozenset[str] | None) -> list[dict]: ...
    async def list_alerts(self, conn: asyncpg.Connection, *, county: str | None, level: str | None,
                          status: str | None, counties: frozenset[str] | None, department: str | None = None,
                          limit: int = 200) -> list[dict]: ...
    async def alerts_since(self, conn: asyncpg.Connection, since: datetime, exclude: list[str], *,
                           counties: frozenset[str] | None, limit: int = 100) -> list[dict]: ...
    async def household_story(self, conn: asyncpg.Connection, household_id: str, *,
                              counties: frozenset[str] | None) -> dict | None: ...
    def factor_rules(self, policy: object) -> dict[str, dict[str, str]]: ...
    # the system page (page_system.py): services/monitor/db_system.py and the broker
    async def consumer_lag(self) -> list | None: ...  # [shared.kafka_lag.PartitionLag]; None: broker away
    async def events_per_minute(self, conn: asyncpg.Connection) -> list[tuple[str, int]]: ...
    async def dead_letters_recent(self, conn: asyncpg.Connection) -> dict: ...
    async def monitor_outbox(self, conn: asyncpg.Connection): ...  # shared.outbox.backlog.Backlog
    # The queues (services/monitor/db_dashboard_queues.py gives the shapes).
    async def review_queue(self, conn: asyncpg.Connection, limit: int = 100, *,
                           counties: frozenset[str] | None = None) -> list[dict]: ...
    async def dead_letter_queue(self, conn: asyncpg.Connection, limit: int = 200) -> dict: ...


class MonitorActions(Protocol):
    """What the dashboard's forms may do, each the same use case the operator API calls (handed in by
    services/monitor/api.py: services/monitor/dashboard_actions.py). Every method takes the acting
    operator's name and raises ActionRefused with a reason shown to the operator when the use case refuses."""
    # `state`: the API's app.state (pool, policy, new_resender, roles), handed on as it is. An operator
    # whose role (OPERATOR_ROLES) is below the action's is refused (ActionRefused) like any refusal.

    async def accept_review(self, state: State, event_id: str, resident_id: str, operator: str,
                            reason: str, counties: frozenset[str] | None = None) -> dict: ...
    async def reject_review(self, state: State, event_id: str, operator: str, reason: str,
                            counties: frozenset[str] | None = None) -> None: ...
    async def redrive(self, state: State, operator: str, *, ids: tuple[int, ...] = (),
                      reason: str | None = None) -> dict: ...
    def can_redrive(self, state: State) -> bool: ...

    async def move_alert(self, state: State, *, alert_id: str, to: str, reason: str,
                         category: str | None, actor: str, counties: frozenset[str] | None) -> str: ...


class ActionRefused(Exception):
    """A dashboard action the monitor refused: str(exc) is the reason in English, `zh` in Chinese
    (the English text when the use case gives only one)."""

    def __init__(self, reason: str, *, zh: str | None = None):
        super().__init__(reason)
        self.zh = zh or reason

    def text(self, lang: str) -> str:
        return str(self) if lang == "en" else self.zh


def reads_of(request: Request) -> MonitorReads:
    return request.app.state.dashboard_reads


def actions_of(request: Request) -> MonitorActions:
    return request.app.state.dashboard_actions


def _pool(request: Request) -> asyncpg.Pool:
    return request.app.state.pool


Reads = Annotated[MonitorReads, Depends(reads_of)]
Actions = Annotated[MonitorActions, Depends(actions_of)]
Pool = Annotated[asyncpg.Pool, Depends(_pool)]
