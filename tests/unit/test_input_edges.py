"""Edges found by the bad-input review (session 2): text PostgreSQL cannot store, blank staff
accounts, money in other scripts' digits, a business time before 1900 in UTC, a category on a
move that is not an enrolment, and HTTP error answers that must not echo or log the input."""
import json
from datetime import datetime, timezone

import pytest
import structlog
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter, ValidationError

from services.monitor import lifecycle
from services.monitor.policy import load_policy
from shared.contracts.types import BusinessTime, StaffAccount, Text, Yuan
from shared.http_errors import install_error_handlers

SYNTHETIC_NAME = "测试人员甲"


@pytest.mark.parametrize("value", ["a\ud800", "\udc80", "x\x00"])
def test_text_postgresql_cannot_store_is_refused(value):
    with pytest.raises(ValidationError):
        TypeAdapter(Text).validate_python(value)
    assert TypeAdapter(Text).validate_python("阿卜杜拉·买买提") == "阿卜杜拉·买买提"


@pytest.mark.parametrize("value", ["", "   ", " \t\n"])
def test_a_blank_staff_account_is_refused(value):
    with pytest.raises(ValidationError, match="must not be empty or blank"):
        TypeAdapter(StaffAccount).validate_python(value)
    assert TypeAdapter(StaffAccount).validate_python("  wang.li ") == "wang.li"


@pytest.mark.parametrize("value", ["１２３", "١٢٣.٤٥", "１２.5"])
def test_money_in_non_ascii_digits_is_refused(value):
    with pytest.raises(ValidationError, match="money must look like"):
        TypeAdapter(Yuan).validate_python(value)


def test_a_business_time_that_is_1899_in_utc_is_refused():
    with pytest.raises(ValidationError, match="before 1900"):
        TypeAdapter(BusinessTime).validate_python("1900-01-01T00:00:00+08:00")
    assert TypeAdapter(BusinessTime).validate_python("1900-01-01T08:00:00+08:00") == \
        datetime(1900, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("target", ["verifying", "dismissed"])
def test_a_category_on_a_move_that_is_not_an_enrolment_is_refused(target):
    with pytest.raises(lifecycle.TransitionRefused, match="only when confirming"):
        lifecycle.check_transition("raised", target, category="marginal", facts=None, policy=load_policy(),
                                   now=datetime.now(timezone.utc))
    lifecycle.check_transition("raised", target, category=None, facts=None, policy=load_policy(),
                               now=datetime.now(timezone.utc))


class Body(BaseModel):
    reason: Text


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app, structlog.get_logger("test"))

    @app.post("/echo")
    async def echo(body: Body) -> dict:
        raise RuntimeError(f"database refused {body.reason}")  # as asyncpg quotes a bad value

    return app


def test_a_422_names_the_field_without_echoing_the_input_even_when_it_cannot_be_encoded():
    client = TestClient(_app(), raise_server_exceptions=False)
    raw = json.dumps({"reason": SYNTHETIC_NAME + "\ud800"}, ensure_ascii=True)  # a lone surrogate, JSON-escaped
    answer = client.post("/echo", content=raw, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    assert error["loc"] == ["body", "reason"] and "surrogate" in error["msg"]
    assert SYNTHETIC_NAME not in answer.text and "input" not in error


def test_an_internal_error_answers_500_and_logs_type_and_place_but_not_the_message():
    client = TestClient(_app(), raise_server_exceptions=False)
    with structlog.testing.capture_logs() as logs:
        answer = client.post("/echo", json={"reason": SYNTHETIC_NAME})
    assert answer.status_code == 500 and SYNTHETIC_NAME not in answer.text
    (entry,) = [e for e in logs if e["event"] == "http_internal_error"]
    assert entry["error"] == "RuntimeError" and "echo" in entry["where"]
    assert SYNTHETIC_NAME not in json.dumps(entry, ensure_ascii=False)
