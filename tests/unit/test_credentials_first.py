"""Credentials are checked before a body is read (shared.kit.http.credentials_first), on the
monitor's API and a department's: a malformed body without a valid token gets 401/403, not 400/422."""
import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel

from shared.kit.http.credentials_first import CredentialsFirst, bearer_token

pytestmark = pytest.mark.unit


class Body(BaseModel):
    n: int


def _app() -> FastAPI:
    def check(_app, token):
        if token is None:
            raise HTTPException(401, "missing", headers={"WWW-Authenticate": "Bearer"})
        if token != "right-token-0000":
            raise HTTPException(403, "another's")

    app = FastAPI()
    app.add_middleware(CredentialsFirst, check=check)

    @app.post("/v1/things")
    async def things(body: Body) -> dict:
        return {"n": body.n}

    @app.post("/health")
    async def health(body: Body) -> dict:
        return {"n": body.n}
    return app


@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer wrong"}, 403),
                                             ({"Authorization": "Basic right-token-0000"}, 401),
                                             ({"Authorization": "bearer right-token-0000"}, 400)])
def test_a_malformed_body_is_answered_only_after_the_credentials(headers, status):
    answer = TestClient(_app()).post("/v1/things", content=b"\xff{not json", headers={
        "Content-Type": "application/json", **headers})
    assert answer.status_code in ((422, 400) if status == 400 else (status,)), answer.text
    if status == 401:
        assert answer.headers["www-authenticate"] == "Bearer"


def test_outside_the_api_prefix_nothing_is_checked_and_a_valid_call_passes():
    client = TestClient(_app())
    assert client.post("/health", json={"n": 1}).json() == {"n": 1}
    assert client.post("/v1/things", json={"n": 2}, headers={"Authorization": "Bearer right-token-0000"}).json() == {"n": 2}


@pytest.mark.parametrize("header, token", [(None, None), ("", None), ("Bearer", None), ("Bearer   ", None),
                                           ("Bearer abc", "abc"), ("BEARER abc", "abc"), ("Token abc", None)])
def test_the_bearer_token_of_a_header(header, token):
    assert bearer_token(header) == token


def test_a_non_ascii_token_is_a_401_not_a_server_error():
    from services.monitor.operator_auth import operator_of
    from types import SimpleNamespace
    app = SimpleNamespace(state=SimpleNamespace(tokens={"a" * 32: "operator"}))
    with pytest.raises(HTTPException) as refused:
        operator_of(app, "é" * 32)
    assert refused.value.status_code == 401
    assert operator_of(app, "a" * 32) == "operator"
