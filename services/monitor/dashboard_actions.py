"""The use cases behind the dashboard's forms (services/monitor/dashboard/ports.py MonitorActions):
each calls what the operator API's route calls and turns the use case's refusal into ActionRefused,
so a page shows the same reason the API answers."""
from datetime import datetime, timezone

import asyncpg
from pydantic import ValidationError

from services.monitor import db_alerts, lifecycle, transitions
from services.monitor.dashboard.ports import ActionRefused
from services.monitor.policy import Policy
from services.monitor.routes_alerts import TransitionRequest

NO_SUCH_ALERT = ActionRefused("no such alert in your counties", zh="您负责的县市中没有此预警")


def _form_refusal(exc: ValidationError) -> ActionRefused:
    """The API's request rules (routes_alerts.TransitionRequest) broken by a form: which field, why."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    return ActionRefused(f"{field}: {first['msg']}", zh=f"{'原因至少两个字' if field == 'reason' else field + ' 无效'}")


async def move_alert(pool: asyncpg.Pool, policy: Policy, *, alert_id: str, to: str, reason: str,
                     category: str | None, actor: str, counties: frozenset[str] | None) -> str:
    """Move the alert along its lifecycle as POST /v1/alerts/{id}/transitions does (transitions.transition),
    for an operator who may act on `counties` (None: prefecture-wide); returns the alert's household ID.
    Raises ActionRefused: a form the API would refuse, an alert outside `counties` (as if absent), or
    lifecycle.TransitionRefused's reasons in both languages."""
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
