"""The monitor's HTTP API for operators and township cadres: alerts and their lifecycle, the
household timeline and plan, the review queue, self-reports, Prometheus metrics and the operators' dashboard (/dashboard/). Every call
is authenticated (services/monitor/operator_auth.py). Handlers live in the routes_* modules and
get the pool, the policy and the key secret from app.state (services/monitor/api_deps.py)."""
import asyncpg
import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from prometheus_client import make_asgi_app

from services.monitor import dashboard_actions, routes_alerts, routes_households, routes_review, routes_self_reports
from services.monitor import dashboard
from services.monitor.dashboard_reads import DashboardReads
from services.monitor.kafka_resender import KafkaResender
from services.monitor.policy import Policy
from shared.readiness import Readiness
from shared.http_errors import install_error_handlers
from services.monitor.operator_auth import operator_of
from shared.kit.http.credentials_first import CredentialsFirst
from shared.kit.http.unavailable import install_unavailable_answer

log = structlog.get_logger(__name__)
RETRY_AFTER_S = 5  # seconds: the loops retry within 10 s (shared.retry backoff caps), so ask again soon
ROUTERS = (routes_alerts.router, routes_households.router, routes_review.router, routes_self_reports.router)


def build_api(pool: asyncpg.Pool, policy: Policy, tokens: dict[str, str], key_secret: str,
              readiness: Readiness | None = None, scopes: dict[str, frozenset[str]] | None = None,
              bootstrap: str | None = None, producer=None, roles: dict[str, str] | None = None) -> FastAPI:
    """`tokens`: {token: operator name} (operator_auth.parse_tokens); `readiness`: what /readyz
    asks (None: not ready, the monitor is still starting); `scopes`: {operator name: county codes}
    of county-scoped operators (operator_scope.parse_scopes), the others are prefecture-wide;
    `bootstrap`: Kafka's bootstrap servers, for the dashboard's consumer lag (None: lag not shown);
    `producer`: the monitor's Kafka producer (started by its caller), which the dashboard's
    dead-letter re-drive sends with (None: the dashboard cannot re-drive); `roles`: {operator name:
    role} (operator_roles.parse_roles; None: every operator an administrator)."""
    app = FastAPI(title="relapse monitor (防止返贫动态监测) operator API")
    app.state.pool, app.state.policy, app.state.tokens, app.state.key_secret = pool, policy, tokens, key_secret
    app.state.readiness, app.state.scopes, app.state.roles = readiness, scopes or {}, roles
    app.state.new_resender = None if producer is None else (lambda: KafkaResender(producer))  # one per re-drive
    app.mount("/metrics", make_asgi_app())
    app.add_middleware(CredentialsFirst, check=operator_of)  # 401 before a body is read
    install_unavailable_answer(app, log)  # database away or frozen: 503 + Retry-After in bounded time, not 500
    install_error_handlers(app, log)
    for path in ("/health", "/healthz"):  # /health as before, /healthz beside /readyz
        app.add_api_route(path, health, methods=["GET"])
    app.add_api_route("/readyz", ready, methods=["GET"])
    for router in ROUTERS:
        app.include_router(router)
    dashboard.install(app, DashboardReads(bootstrap), dashboard_actions)  # the operators' pages at /dashboard/ (services/monitor/dashboard)
    return app


async def health(request: Request) -> dict:
    """The process runs (liveness); whether it can work now is /readyz."""
    return {"service": "monitor", "status": "ok", "policy_version": request.app.state.policy.version}


async def ready(request: Request):
    """200 {"status": "ready"}, or 503 + Retry-After {"status": "not_ready", "away": [...]} while
    the database or the broker is away (services/monitor/readiness.py), no token needed."""
    readiness: Readiness | None = request.app.state.readiness
    away = ["starting"] if readiness is None else await readiness.away()
    if away:
        return JSONResponse({"service": "monitor", "status": "not_ready", "away": away}, status_code=503,
                            headers={"Retry-After": str(RETRY_AFTER_S)})
    return {"service": "monitor", "status": "ready"}
