"""The county filter the scoped queries share (services/monitor/db_scope.py); what it selects is
tested against PostgreSQL in tests/integration/test_operator_scopes.py."""
import inspect

import pytest

from services.monitor import db_dashboard
from services.monitor.db_scope import codes, in_counties

pytestmark = pytest.mark.unit


def test_the_filter_is_one_parameter_that_may_be_null():
    assert in_counties("a.county_code", 3) == "(a.county_code = ANY($3::text[]) OR $3::text[] IS NULL)"


def test_no_scope_binds_null_and_a_scope_binds_its_codes_sorted():
    assert codes(None) is None
    assert codes(frozenset({"653121", "653101"})) == ["653101", "653121"]


@pytest.mark.parametrize("name", ["alerts_by_county", "alerts_per_day", "households_monitored", "tasks_by_department",
                                  "list_alerts", "alerts_since", "household_story"])
def test_every_dashboard_query_must_be_told_its_counties(name):
    parameter = inspect.signature(getattr(db_dashboard, name)).parameters["counties"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is inspect.Parameter.empty
