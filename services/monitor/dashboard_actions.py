"""The use cases behind the dashboard's forms (services/monitor/dashboard/ports.py MonitorActions):
each calls what the operator API's route calls and turns the use case's refusal into ActionRefused,
so a page shows the same reason the API answers."""
from datetime import datetime, timezone

import asyncpg
import structlog
from aiokafka.errors import KafkaError
from pydantic import ValidationError
from starlette.datastructures import State

from services.monitor import db_alerts, lifecycle, review, transitions
from services.monitor.operator_roles import refusal
from services.monitor import redrive as redrive_use_case
from services.monitor.dashboard.ports import ActionRefused
from services.monitor.routes_alerts import TransitionRequest
from services.monitor.routes_review import REFUSED

log = structlog.get_logger("services.monitor.dashboard")
NO_SUCH_ALERT = ActionRefused("no such alert in your counties", zh="您负责的县市中没有此预警")


def _may(state: State, operator: str, needed: str) -> None:
    """Raises ActionRefused when `operator`'s role (OPERATOR_ROLES) is below `needed`."""
    why = refusal(getattr(state, "roles", None), operator, needed)
    if why:
        raise ActionRefused(why, zh=f"您的角色无权执行此操作（需要 {needed}）")


def _form_refusal(exc: ValidationError) -> ActionRefused:
    """The API's request rules (routes_alerts.TransitionRequest) broken by a form: which field, why."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    return ActionRefused(f"{field}: {first['msg']}", zh=f"{'原因至少两个字' if field == 'reason' else field + ' 无效'}")


async def move_alert(state: State, *, alert_id: str, to: str, reason: str, category: str | None, actor: str,
                     counties: frozenset[str] | None) -> str:
    """Move the alert along its lifecycle as POST /v1/alerts/{id}/transitions does (transitions.transition),
    for an operator who may act on `counties` (None: prefecture-wide); returns the alert's household ID.
    Raises ActionRefused: an operator below case_officer, a form the API would refuse, an alert outside
    `counties` (as if absent), or lifecycle.TransitionRefused's reasons in both languages."""
    _may(state, actor, "case_officer")
    pool, policy = state.pool, state.policy
    try:
        req = TransitionRequest(to=to, reason=reason, category=category or None)
    except ValidationError as exc:
        raise _form_refusal(exc) from None
    try:
        async with pool.acquire() as conn, conn.transaction():
            where = await db_alerts.county_and_household(conn, alert_id)
            await transitions.transition(conn, alert_id=alert_id, to=req.to, reason=req.reason,
                                         category=req.category, actor=actor, policy=policy,
                                         now=datetime.now(timezone.utc), counties=counties)
    except LookupError:
        raise NO_SUCH_ALERT from None
    except lifecycle.TransitionRefused as exc:
        raise ActionRefused(str(exc), zh="；".join(zh for zh, _ in exc.reasons)) from None
    return where[1]


NO_BROKER = "this process has no Kafka producer: re-drive with `python -m services.monitor.deadletters redrive`"
NOT_SENT = "the broker did not acknowledge the re-sent records; nothing was marked, re-drive again: {}"


async def accept_review(state: State, event_id: str, resident_id: str, operator: str, reason: str,
                        counties: frozenset[str] | None = None) -> dict:
    """Link held event `event_id` to registry person `resident_id` (review.accept in one transaction,
    as POST /v1/review/{id}/accept); returns {"alerts": n, "tasks": n} its effect raised. Raises
    ActionRefused (below case_officer, decided already, no such event or person, an invalid resident ID)."""
    _may(state, operator, "case_officer")
    try:
        async with state.pool.acquire() as conn, conn.transaction():
            result = await review.accept(conn, event_id, resident_id, operator, reason, state.policy, counties)
    except REFUSED as exc:
        raise ActionRefused(str(exc)) from None
    log.info("review_accepted", event_id=event_id, actor=operator, alerts=result.counts["alerts"], via="dashboard")
    return {"alerts": result.counts["alerts"], "tasks": result.counts["tasks"]}


async def reject_review(state: State, event_id: str, operator: str, reason: str,
                        counties: frozenset[str] | None = None) -> None:
    """Reject held event `event_id` (review.reject, as POST /v1/review/{id}/reject); raises ActionRefused."""
    _may(state, operator, "case_officer")
    try:
        async with state.pool.acquire() as conn, conn.transaction():
            await review.reject(conn, event_id, operator, reason, counties)
    except REFUSED as exc:
        raise ActionRefused(str(exc)) from None
    log.info("review_rejected", event_id=event_id, actor=operator, via="dashboard")


def can_redrive(state: State) -> bool:
    """Whether this process can re-drive (it has the monitor's producer); if not, the page is read-only."""
    return state.new_resender is not None


async def redrive(state: State, operator: str, *, ids: tuple[int, ...] = (), reason: str | None = None) -> dict:
    """Re-drive the waiting dead letters `ids`, or all of `reason` (redrive.redrive with the monitor's
    producer, state.new_resender); returns {"sent": [dead letter IDs], "skipped": {ID: why},
    "redrive_id": audit row or None}. Raises ActionRefused: no producer in this process, a bad
    selection, or a send the broker did not acknowledge, or an operator below administrator."""
    _may(state, operator, "administrator")
    if not can_redrive(state):
        raise ActionRefused(NO_BROKER)
    try:
        report = await redrive_use_case.redrive(state.pool, state.new_resender(),
                                                redrive_use_case.Selection(tuple(ids), reason), operator)
    except ValueError as exc:
        raise ActionRefused(str(exc)) from None
    except KafkaError as exc:
        raise ActionRefused(NOT_SENT.format(type(exc).__name__)) from None
    log.info("dead_letters_redriven", actor=operator, sent=len(report.sent), skipped=len(report.skipped),
             redrive_id=report.redrive_id, via="dashboard")
    return {"sent": report.sent, "skipped": report.skipped, "redrive_id": report.redrive_id}
