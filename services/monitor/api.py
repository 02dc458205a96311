"""The monitor's HTTP API for operators and township cadres: alerts and their lifecycle, the
household timeline and plan, the review queue, self-reports, and Prometheus metrics. Every call
is authenticated (services/monitor/operator_auth.py). Handlers live in the routes_* modules and
get the pool, the policy and the key secret from app.state (services/monitor/api_deps.py)."""
import asyncpg
import structlog
from fastapi import FastAPI, Request
from prometheus_client import make_asgi_app

from services.monitor import routes_alerts, routes_households, routes_review, routes_self_reports
from services.monitor.policy import Policy
from shared.http_errors import install_error_handlers

log = structlog.get_logger(__name__)
ROUTERS = (routes_alerts.router, routes_households.router, routes_review.router, routes_self_reports.router)


def build_api(pool: asyncpg.Pool, policy: Policy, tokens: dict[str, str], key_secret: str) -> FastAPI:
    """`tokens`: {token: operator name} (operator_auth.parse_tokens)."""
    app = FastAPI(title="relapse monitor (防止返贫动态监测) operator API")
    app.state.pool, app.state.policy, app.state.tokens, app.state.key_secret = pool, policy, tokens, key_secret
    app.mount("/metrics", make_asgi_app())
    install_error_handlers(app, log)
    app.add_api_route("/health", health, methods=["GET"])
    for router in ROUTERS:
        app.include_router(router)
    return app


async def health(request: Request) -> dict:
    return {"service": "monitor", "status": "ok", "policy_version": request.app.state.policy.version}
