"""The operator tokens and scopes the local launcher writes into .local/env (deploy/local/control.py)."""
import pytest

from deploy.local.control import DEMO_SCOPES, SCOPED_OPERATOR, _operator_tokens
from services.monitor.operator_auth import parse_tokens
from services.monitor.operator_scope import parse_scopes

pytestmark = pytest.mark.unit


def test_a_fresh_environment_gets_a_prefecture_wide_operator_first_and_a_scoped_one():
    names = list(parse_tokens(_operator_tokens("")).values())
    assert names == ["operator", SCOPED_OPERATOR]
    assert parse_scopes(DEMO_SCOPES) == {SCOPED_OPERATOR: frozenset({"653101"})}


def test_tokens_already_handed_out_are_kept_and_the_scoped_operator_added_once():
    old = "operator:" + "a" * 32
    once = _operator_tokens(old)
    assert once.startswith(old + f",{SCOPED_OPERATOR}:")
    assert _operator_tokens(once) == once
