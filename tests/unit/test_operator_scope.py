"""OPERATOR_SCOPES parsing (services/monitor/operator_scope.py)."""
import re

import pytest

from services.monitor.operator_scope import parse_scopes

pytestmark = pytest.mark.unit


def test_scopes_name_each_operators_counties():
    assert parse_scopes(" kashgar_city:653101 , yarkant:653125|653126") == {
        "kashgar_city": frozenset({"653101"}), "yarkant": frozenset({"653125", "653126"})}


def test_no_scopes_means_every_operator_works_prefecture_wide():
    assert parse_scopes("") == {}


@pytest.mark.parametrize("spec, says", [("a:", "must be name:county_code"), (":653101", "must be name:county_code"),
                                        ("a:653101|999999", "unknown county codes ['999999']")])
def test_a_malformed_entry_is_named(spec, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        parse_scopes(spec)
