"""The operator API's routers (services/monitor/routes_*.py) without a database: dependencies
come from app.state, so a test hands them fakes. What the SQL does is tested against PostgreSQL
in tests/integration (test_case_lifecycle, test_review_queue, test_follow_up_review)."""
from contextlib import asynccontextmanager

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from services.monitor.api import ROUTERS, build_api
from services.monitor.policy import load_policy

pytestmark = pytest.mark.unit

POLICY = load_policy()
TOKEN = "unit-test-token-0123456789"


class FakeConn:
    """Answers every fetch with `rows` and keeps the queries it was asked."""

    def __init__(self, rows):
        self.rows, self.asked = rows, []

    async def fetch(self, sql, *args):
        self.asked.append((sql, args))
        return self.rows


class FakePool:
    def __init__(self, rows=()):
        self.conn = FakeConn(list(rows))

    @asynccontextmanager
    async def acquire(self):
        yield self.conn


SCOPED_TOKEN = "unit-test-scoped-token-0123456789"


def client(pool=None) -> TestClient:
    return TestClient(build_api(pool or FakePool(), POLICY, {TOKEN: "operator-a", SCOPED_TOKEN: "kashi_city"},
                                "unit-test-secret-0123456789", scopes={"kashi_city": frozenset({"653121", "653101"})}))


def test_health_names_the_policy_without_touching_the_database():
    pool = FakePool()
    assert client(pool).get("/health").json() == {"service": "monitor", "status": "ok",
                                                   "policy_version": POLICY.version}
    assert pool.conn.asked == []


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-known-token-at-all"},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_every_operator_route_refuses_a_request_without_a_known_token(headers):
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    assert len(routes) == 8 and all(r.path.startswith("/v1/") for r in routes)
    http = client()
    for route in routes:
        path = route.path.format(alert_id="0" * 8 + "-0000-0000-0000-" + "0" * 12, household_id="6" * 16,
                                 event_id="ev-1")
        answer = http.request(next(iter(route.methods)), path, headers=headers, json={})
        assert answer.status_code == 401, (route.path, answer.status_code)


def test_the_alert_list_passes_its_filters_to_the_query_and_returns_the_rows():
    pool = FakePool([{"alert_id": "a-1", "level": "red"}])
    answer = client(pool).get("/v1/alerts?level=red&county=653101&limit=5",
                              headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200 and answer.json() == [{"alert_id": "a-1", "level": "red"}]
    [(sql, args)] = pool.conn.asked
    assert "FROM monitor.alerts" in sql and args == (None, "red", "653101", 5, 0, None)


def test_a_county_scoped_operator_s_alert_list_is_limited_to_his_counties():
    pool = FakePool([])
    answer = client(pool).get("/v1/alerts", headers={"Authorization": f"Bearer {SCOPED_TOKEN}"})
    assert answer.status_code == 200
    [(sql, args)] = pool.conn.asked
    assert "(county_code = ANY($6::text[]) OR $6::text[] IS NULL)" in sql and args[5] == ["653101", "653121"]


@pytest.mark.parametrize("query", ["level=purple", "county=65310", "limit=0", "limit=1001", "offset=-1"])
def test_the_alert_list_refuses_bad_filters_before_any_query(query):
    pool = FakePool()
    answer = client(pool).get(f"/v1/alerts?{query}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 422 and pool.conn.asked == []


class FixedReadiness:
    def __init__(self, away):
        self._away = away

    async def away(self):
        return self._away


@pytest.mark.parametrize("readiness, status, body", [
    (FixedReadiness([]), 200, {"service": "monitor", "status": "ready"}),
    (FixedReadiness(["database"]), 503, {"service": "monitor", "status": "not_ready", "away": ["database"]}),
    (None, 503, {"service": "monitor", "status": "not_ready", "away": ["starting"]}),
])
def test_readyz_answers_503_with_retry_after_naming_what_is_away_and_200_when_ready(readiness, status, body):
    api = TestClient(build_api(FakePool(), POLICY, {TOKEN: "operator-a"}, "unit-test-secret-0123456789", readiness))
    answer = api.get("/readyz")
    assert (answer.status_code, answer.json()) == (status, body)
    assert (answer.headers.get("Retry-After") is not None) == (status == 503)
    assert api.get("/healthz").status_code == 200  # liveness does not depend on readiness


class AwayPool:
    """The database is away: every acquisition fails as asyncpg's does on a refused connection."""

    @asynccontextmanager
    async def acquire(self):
        raise ConnectionRefusedError(111, "Connect call failed")
        yield


def test_an_operator_call_while_the_database_is_away_is_503_with_retry_after_not_500():
    answer = client(AwayPool()).get("/v1/alerts", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 503 and "Retry-After" in answer.headers, (answer.status_code, answer.text)
