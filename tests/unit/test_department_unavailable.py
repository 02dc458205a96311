"""A department service answers 503 with Retry-After, never 500, when a request fails because its
database is away (shared.kit.http.unavailable, classified by shared.retry.is_transient), and its
/readyz says what is away; another failure is still a 500. Against the real PostgreSQL through a
cut connection: tests/integration/test_department_outage.py."""
import asyncio
import time

import asyncpg
import pytest
from aiokafka.errors import KafkaConnectionError
from fastapi.testclient import TestClient

from services.housing.department import DEPARTMENT as HOUSING
from shared.kit.http.dependencies import get_dependencies
from shared.readiness import Readiness
from shared.kit.http import unavailable
from shared.kit.http.unavailable import RETRY_AFTER_S
from tests.unit.department_store import InMemoryStore
from shared.kit.service.app import build_app
from tests.unit.test_department_handlers import AUTH, KEYS, SETTINGS, appraisal


class Failing(InMemoryStore):
    def __init__(self, error: Exception):
        super().__init__()
        self.error = error

    async def remembered_answer(self, key):
        raise self.error

    async def publish(self, items, via, key=None, answer=None):
        raise self.error

    async def list_tasks(self, status, limit, offset):
        raise self.error


def client_with(store=None, readiness=None) -> TestClient:
    app = build_app(HOUSING, SETTINGS, KEYS)
    deps = app.state.dependencies
    app.dependency_overrides[get_dependencies] = lambda: type(deps)(deps.department, deps.key_secret, deps.auth,
                                                                     store, readiness)
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("error", [ConnectionRefusedError(111, "refused"), asyncpg.CannotConnectNowError("shutting down"),
                                   asyncpg.ConnectionDoesNotExistError("closed mid-operation"), TimeoutError()])
def test_a_database_away_is_a_503_with_retry_after(error):
    client = client_with(Failing(error))
    for answer in (client.post("/v1/events", json=appraisal(), headers={**AUTH, "Idempotency-Key": "k-1"}),
                   client.post("/v1/events", json=appraisal(), headers=AUTH),
                   client.get("/v1/tasks", headers=AUTH)):
        assert answer.status_code == 503 and answer.headers["Retry-After"] == str(RETRY_AFTER_S)
        assert "same Idempotency-Key" in answer.json()["detail"]


def test_any_other_failure_is_still_a_500_without_retry_after():
    answer = client_with(Failing(asyncpg.DivisionByZeroError("refused"))).get("/v1/tasks", headers=AUTH)
    assert answer.status_code == 500 and "Retry-After" not in answer.headers


class Away:
    def __init__(self, *names: str):
        self.names = list(names)

    async def away(self) -> list[str]:
        return self.names


def test_readyz_is_503_naming_what_is_away_and_200_when_nothing_is():
    for readiness, status, away in ((Away("database"), 503, ["database"]), (Away("database", "broker"), 503,
                                    ["database", "broker"]), (None, 503, ["starting"]), (Away(), 200, None)):
        answer = client_with(InMemoryStore(), readiness).get("/readyz")
        assert answer.status_code == status and answer.json().get("away") == away
        assert ("Retry-After" in answer.headers) == (status == 503)
    assert client_with(InMemoryStore(), Away("database")).get("/healthz").status_code == 200  # liveness only


class _Conn:
    def __init__(self, answers: bool):
        self.answers = answers

    async def __aenter__(self):
        if not self.answers:
            raise ConnectionRefusedError(111, "refused")
        return self

    async def __aexit__(self, *exc):
        return False

    async def fetchval(self, _sql):
        return 1


class _Pool:
    def __init__(self, answers: bool):
        self.answers = answers

    def acquire(self):
        return _Conn(self.answers)


class _Producer:
    """A producer whose broker answers, or hangs like a frozen one (SIGSTOP), or refuses."""

    def __init__(self, broker: str):
        self.client, self.broker = self, broker

    async def fetch_all_metadata(self):
        if self.broker == "frozen":
            await asyncio.sleep(3600)
        if self.broker == "refuses":
            raise KafkaConnectionError()


@pytest.mark.parametrize("database, broker, away", [(True, "answers", []), (False, "answers", ["database"]),
                                                     (True, "frozen", ["broker"]), (False, "refuses",
                                                                                    ["database", "broker"])])
async def test_readiness_names_what_does_not_answer_within_its_bound(database, broker, away):
    readiness = Readiness(_Pool(database), _Producer(broker), timeout_s=0.2)
    assert await asyncio.wait_for(readiness.away(), 2) == away


class Hanging(InMemoryStore):
    """A store whose database holds every statement (frozen), then fails as asyncpg's command timeout does."""

    async def list_tasks(self, status, limit, offset):
        await asyncio.sleep(1.5)
        raise TimeoutError()


def test_a_request_the_database_holds_is_503_after_the_bound_and_the_service_goes_on(monkeypatch):
    monkeypatch.setattr(unavailable.install_unavailable_answer, "__defaults__", (0.3,))  # bound_s
    client = client_with(Hanging())
    t0 = time.monotonic()
    answer = client.get("/v1/tasks", headers=AUTH)
    took = time.monotonic() - t0
    after = client.get("/health")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == str(RETRY_AFTER_S)
    assert took < 1.2 and after.status_code == 200
