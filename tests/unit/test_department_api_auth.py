"""Department API keys and the OpenAPI document, without a database: authentication is decided
before any handler touches one."""
import pytest
from fastapi.testclient import TestClient

from services.health_insurance.department import DEPARTMENT as HEALTH
from services.housing.department import DEPARTMENT as HOUSING
from shared.kit.auth import parse_keys
from shared.kit.service.app import build_app
from shared.settings import InfraSettings

pytestmark = pytest.mark.unit

KEYS = {"housing": "h" * 32, "health_insurance": "m" * 32}
SETTINGS = InfraSettings(kafka_bootstrap_servers="127.0.0.1:1", database_url="postgresql://x@127.0.0.1:1/x",
                         partition_key_secret="unit-test-secret-0123")


@pytest.fixture(scope="module")
def housing() -> TestClient:
    return TestClient(build_app(HOUSING, SETTINGS, KEYS))  # no `with`: no lifespan, no database


def test_keys_are_department_token_pairs_with_long_tokens():
    assert parse_keys(" housing:" + "a" * 16 + ", education:" + "b" * 20) == {"housing": "a" * 16,
                                                                          "education": "b" * 20}
    for bad in ("housing:short", "housing", ":" + "a" * 16, f"housing:{'a' * 16},housing:{'b' * 16}",
                f"housing:{'a' * 16},education:{'a' * 16}"):
        with pytest.raises(ValueError):
            parse_keys(bad)


def test_a_service_without_a_key_for_its_department_does_not_start():
    with pytest.raises(ValueError, match="no key for education"):
        build_app(__import__("services.education.department", fromlist=["DEPARTMENT"]).DEPARTMENT, SETTINGS, KEYS)


@pytest.mark.parametrize("method, path", [("post", "/v1/events"), ("get", "/v1/tasks"),
                                          ("post", "/v1/tasks/t-1/acknowledge"), ("post", "/v1/tasks/t-1/complete")])
def test_every_department_endpoint_refuses_no_key_an_unknown_key_and_another_departments_key(housing, method, path):
    call = getattr(housing, method)
    body = {"json": {}} if method == "post" else {}
    missing = call(path, **body)
    unknown = call(path, headers={"Authorization": "Bearer " + "x" * 32}, **body)
    other = call(path, headers={"Authorization": f"Bearer {KEYS['health_insurance']}"}, **body)
    assert (missing.status_code, unknown.status_code, other.status_code) == (401, 401, 403)
    assert missing.headers["www-authenticate"] == "Bearer"
    assert other.json()["detail"].startswith("this is the API key of health_insurance")


def test_health_needs_no_key(housing):
    assert housing.get("/health").json() == {"department": "housing", "status": "ok"}


def test_openapi_documents_the_event_body_the_bearer_key_and_the_idempotency_key(housing):
    doc = housing.get("/openapi.json").json()
    post = doc["paths"]["/v1/events"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert {"HousingSafetyAppraised", "Person"} <= set(doc["components"]["schemas"])
    assert "HousingSafetyAppraised" in str(body) and body["anyOf"][1]["type"] == "array"
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert [p["name"] for p in post["parameters"]] == ["Idempotency-Key"]
    assert {"202", "401", "403", "422"} <= set(post["responses"])
    for path in ("/v1/tasks", "/v1/tasks/{task_id}/acknowledge", "/v1/tasks/{task_id}/complete"):
        operation = next(iter(doc["paths"][path].values()))
        assert operation["security"] == [{"HTTPBearer": []}] and "403" in operation["responses"]


def test_health_insurance_documents_both_of_its_event_types():
    doc = TestClient(build_app(HEALTH, SETTINGS, KEYS)).get("/openapi.json").json()
    body = str(doc["paths"]["/v1/events"]["post"]["requestBody"])
    assert "HospitalBillSettled" in body and "InsuranceLapsed" in body
