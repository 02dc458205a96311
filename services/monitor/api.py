"""The monitor's HTTP API for operators and township cadres: alerts and their lifecycle, the
household timeline and plan, and Prometheus metrics. Every call is authenticated; the actor of
a decision is the token's owner, never a name the client types."""
import json
import secrets
import uuid
from datetime import datetime, timezone
from typing import Annotated, Literal

import asyncpg
import structlog
from fastapi import Depends, FastAPI, HTTPException, Path, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import make_asgi_app
from pydantic import BaseModel, ConfigDict, Field

from services.monitor import lifecycle, queries, review
from services.monitor.households import LOCAL_TZ
from services.monitor.policy import Policy
from shared import topics
from shared.contracts.self_report import HardshipSelfReported, HardshipSelfReportedData
from shared.contracts.types import Text
from shared.http_errors import install_error_handlers
from shared.keys import person_key
from shared.outbox import OutboxMessage, enqueue
from shared.resident_id import InvalidResidentId, normalise

log = structlog.get_logger(__name__)
HouseholdId = Annotated[str, Path(pattern=r"^[0-9]{16}$", description="户编号: village code + 4-digit sequence")]
AlertId = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]


def parse_tokens(spec: str) -> dict[str, str]:
    """OPERATOR_TOKENS 'name:token,name2:token2' -> {token: name}. Raises ValueError when malformed."""
    tokens = {}
    for item in filter(None, (p.strip() for p in spec.split(","))):
        name, _, token = item.partition(":")
        if not name or len(token) < 16:
            raise ValueError("OPERATOR_TOKENS entries must be name:token with a token of 16+ characters")
        tokens[token] = name
    if not tokens:
        raise ValueError("OPERATOR_TOKENS is empty")
    return tokens


EventId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,100}$")]


class ReviewAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resident_id: Annotated[Text, Field(max_length=40, description="the registry person to link to")]
    reason: Annotated[Text, Field(min_length=2, max_length=2000)]


class ReviewReject(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[Text, Field(min_length=2, max_length=2000)]


class TransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: Literal["verifying", "confirmed", "dismissed", "assisted", "risk_eliminated", "followed_up", "reopened"]
    reason: Annotated[Text, Field(min_length=2, max_length=2000)]
    category: Literal["unstable_formerly_poor", "marginal", "sudden_hardship"] | None = None


def build_api(pool: asyncpg.Pool, policy: Policy, tokens: dict[str, str], key_secret: str) -> FastAPI:
    app = FastAPI(title="relapse monitor (防止返贫动态监测) operator API")
    app.mount("/metrics", make_asgi_app())
    bearer = HTTPBearer(auto_error=False)

    def operator(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
        if credentials is None:
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        for token, name in tokens.items():
            if secrets.compare_digest(token, credentials.credentials):
                return name
        raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})

    install_error_handlers(app, log)

    @app.get("/health")
    async def health() -> dict:
        return {"service": "monitor", "status": "ok", "policy_version": policy.version}

    @app.get("/v1/alerts")
    async def alerts(who: str = Depends(operator), status: str | None = Query(None, max_length=30),
                     level: Literal["red", "orange", "yellow"] | None = None,
                     county: str | None = Query(None, pattern=r"^[0-9]{6}$"),
                     limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict]:
        """Alerts, newest business time first. `level` is the colour raised with (the filter uses it);
        `current_level` the household's colour after task outcomes re-assessed it (null: unchanged)."""
        async with pool.acquire() as conn:
            return await queries.list_alerts(conn, status, level, county, limit, offset)

    @app.post("/v1/alerts/{alert_id}/transitions")
    async def transition(alert_id: AlertId, req: TransitionRequest, who: str = Depends(operator)) -> dict:
        """Move an alert along its lifecycle; 409 with the reasons (zh/en) when not allowed now."""
        now = datetime.now(timezone.utc)
        async with pool.acquire() as conn, conn.transaction():
            alert = await queries.alert_for_update(conn, alert_id)
            if alert is None:
                raise HTTPException(404, "no such alert")
            codes = [f["code"] for f in json.loads(alert["factors"])]
            facts = await queries.facts(conn, alert["household_id"], codes) if req.to == "risk_eliminated" else None
            try:
                lifecycle.check_transition(alert["status"], req.to, category=req.category, facts=facts,
                                           policy=policy, now=now)
            except lifecycle.TransitionRefused as exc:
                raise HTTPException(409, {"refused": [{"zh": zh, "en": en} for zh, en in exc.reasons]}) from None
            follow_up = (lifecycle.follow_up_due(now.astimezone(LOCAL_TZ).date(), policy)
                         if req.to == "risk_eliminated" else None)
            detail = {"facts": facts.__dict__ if facts else None, "policy_version": policy.version}
            await queries.record_transition(conn, alert_id=alert_id, from_status=alert["status"], to_status=req.to,
                                            actor=who, reason=req.reason, detail=detail, category=req.category,
                                            follow_up_due=follow_up, at=now)
        log.info("alert_transition", alert_id=alert_id, to=req.to, actor=who)
        return {"alert_id": alert_id, "from": alert["status"], "to": req.to, "follow_up_due": follow_up}

    @app.get("/v1/households/{household_id}/timeline")
    async def household_timeline(household_id: HouseholdId, who: str = Depends(operator)) -> dict:
        """Every event, alert, task (assigned, acknowledged, completed, overdue), re-assessment,
        decision and follow-up review for one household in business-time order, with the evidence
        event IDs, and its current factors. Which time each kind uses: queries.TIMELINE."""
        async with pool.acquire() as conn:
            if not await queries.household_exists(conn, household_id):
                raise HTTPException(404, "no such household")
            return {"household_id": household_id, "factors": await queries.factors(conn, household_id),
                    "timeline": await queries.timeline(conn, household_id)}

    @app.get("/v1/households/{household_id}/plan")
    async def household_plan(household_id: HouseholdId, who: str = Depends(operator)) -> dict:
        """一户一策: the household's open measures, soonest due first: the departments' tasks and the
        cadres' verification visits (department `township`)."""
        async with pool.acquire() as conn:
            if not await queries.household_exists(conn, household_id):
                raise HTTPException(404, "no such household")
            return {"household_id": household_id, "open_measures": await queries.household_plan(conn, household_id)}

    @app.get("/v1/review")
    async def review_queue(who: str = Depends(operator), limit: int = Query(100, ge=1, le=1000),
                           offset: int = Query(0, ge=0, le=10_000_000)) -> list[dict]:
        """Held events (unmatched, or in the matcher's review band) with their best candidates."""
        async with pool.acquire() as conn:
            return await review.list_open(conn, limit, offset)

    @app.post("/v1/review/{event_id}/accept")
    async def review_accept(event_id: EventId, req: ReviewAccept, who: str = Depends(operator)) -> dict:
        """Link the held event to a registry person; its effect is applied exactly once."""
        try:
            async with pool.acquire() as conn, conn.transaction():
                result = await review.accept(conn, event_id, req.resident_id, who, req.reason, policy)
        except InvalidResidentId as exc:
            raise HTTPException(422, str(exc)) from None
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from None
        except review.ReviewConflict as exc:
            raise HTTPException(409, str(exc)) from None
        log.info("review_accepted", event_id=event_id, actor=who, alerts=result.counts["alerts"])
        return {"event_id": event_id, "alerts": result.counts["alerts"], "tasks": result.counts["tasks"]}

    @app.post("/v1/review/{event_id}/reject")
    async def review_reject(event_id: EventId, req: ReviewReject, who: str = Depends(operator)) -> dict:
        try:
            async with pool.acquire() as conn, conn.transaction():
                await review.reject(conn, event_id, who, req.reason)
        except LookupError as exc:
            raise HTTPException(404, str(exc)) from None
        except review.ReviewConflict as exc:
            raise HTTPException(409, str(exc)) from None
        return {"event_id": event_id, "status": "rejected"}

    @app.post("/v1/self-reports", status_code=202)
    async def self_report(report: HardshipSelfReportedData, who: str = Depends(operator)) -> dict:
        """农户自主申报 from a household-facing front end: becomes an event on self_report.events.v1,
        matched and assessed like any department's; the cadres' visit verifies it. A resident ID
        that is given must be valid (422 otherwise); without one the monitor matches by name,
        gender, birth date and village, as for departments."""
        if report.person.resident_id is not None:
            try:
                normalise(report.person.resident_id)
            except InvalidResidentId as exc:
                raise HTTPException(422, [{"loc": ["person", "resident_id"], "msg": str(exc)}]) from None
        event = HardshipSelfReported(id=str(uuid.uuid4()), source="/kashgar/self_report",
                                     type="cn.kashgar.self_report.hardship_self_reported.v1",
                                     time=datetime.now(timezone.utc), data=report)
        message = OutboxMessage(topics.events_topic("self_report"), person_key(report.person.resident_id, key_secret),
                                event.model_dump_json().encode())
        async with pool.acquire() as conn, conn.transaction():
            await enqueue(conn, "monitor", [message])
        log.info("self_report_accepted", event_id=event.id, front_end=who)
        return {"event_id": event.id}

    return app
