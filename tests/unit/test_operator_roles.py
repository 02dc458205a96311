"""OPERATOR_ROLES: parsing, the order of the roles, and the answer for an operator it does not name."""
import pytest

from services.monitor.operator_roles import ROLES, parse_roles, refusal, role_of


def test_roles_parse_and_unnamed_operators_are_viewers():
    roles = parse_roles(" ana:administrator , bo:case_officer,cy:viewer")
    assert roles == {"ana": "administrator", "bo": "case_officer", "cy": "viewer"}
    assert role_of(roles, "dee") == "viewer"


def test_unset_means_every_operator_is_an_administrator():
    assert parse_roles("") is None and parse_roles("  ") is None
    assert role_of(None, "anyone") == "administrator" and refusal(None, "anyone", "administrator") is None


@pytest.mark.parametrize("spec", ["ana", "ana:root", ":viewer", "ana:Viewer", "ana:viewer,bo"])
def test_a_malformed_entry_is_refused_naming_it(spec):
    with pytest.raises(ValueError, match="OPERATOR_ROLES entry"):
        parse_roles(spec)


def test_each_role_may_what_the_ones_below_may():
    roles = {r: r for r in ROLES}
    for i, who in enumerate(ROLES):
        for j, needed in enumerate(ROLES):
            why = refusal(roles, who, needed)
            assert (why is None) == (i >= j), (who, needed)
    assert refusal(roles, "viewer", "case_officer") == \
        "operator viewer is a viewer; this needs a case_officer (OPERATOR_ROLES)"
