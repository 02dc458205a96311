"""The guards of a case's lifecycle and of deaths in the rules, one test per guard (issue 14 part 9):
each blocker of risk elimination (风险消除, DESIGN.md section 6) on its own, a death that raises a
factor only for a member who worked, and an event dated after a member's death held for review."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from services.monitor.lifecycle import (TRANSITIONS, HouseholdFacts, TransitionRefused, check_transition,
                                        elimination_blockers)
from services.monitor.member_state import deceased_reason
from services.monitor.policy import load_policy
from services.monitor.rules import Household, Member, observe
from tests.unit import builders as b

POLICY = load_policy()
NOW = datetime(2026, 10, 15, 10, 30, tzinfo=timezone.utc)
GUARANTEE = sorted(POLICY.guarantee_factors)[0]
# An active factor the alert was not raised for, and an alert factor cleared since: neither blocks.
STABLE = HouseholdFacts(POLICY.line_yuan + 1000, 2, frozenset({"member_job_lost"}), frozenset({"worker_died"}), None)
UNSTABLE_SINCE = NOW - timedelta(days=30 * POLICY.lifecycle.income_stable_months.value - 1)

# Each case trips exactly one blocker: (facts, words of its English reason).
ONE_BLOCKER = {
    "nobody can work": (HouseholdFacts(STABLE.income_per_capita_yuan, 0, STABLE.active_factor_codes,
                                       STABLE.alert_factor_codes, None), "nobody in the household can work"),
    "income below the line": (HouseholdFacts(POLICY.line_yuan - Decimal("0.01"), 2, STABLE.active_factor_codes,
                                             STABLE.alert_factor_codes, None), "below the line"),
    "income not stable": (HouseholdFacts(STABLE.income_per_capita_yuan, 2, STABLE.active_factor_codes,
                                         STABLE.alert_factor_codes, UNSTABLE_SINCE), "not been stable"),
    "a guarantee broken": (HouseholdFacts(STABLE.income_per_capita_yuan, 2, frozenset({GUARANTEE}),
                                          frozenset(), None), f"basic guarantees not secured: {GUARANTEE}"),
    "a trigger still active": (HouseholdFacts(STABLE.income_per_capita_yuan, 2, frozenset({"member_job_lost"}),
                                              frozenset({"member_job_lost"}), None),
                               "triggering factors not cleared: member_job_lost"),
}


def reasons(facts: HouseholdFacts) -> list[str]:
    return [en for _, en in elimination_blockers(facts, POLICY, NOW)]


def test_a_household_that_meets_every_condition_may_be_eliminated():
    assert GUARANTEE not in STABLE.active_factor_codes and reasons(STABLE) == []
    check_transition("assisted", "risk_eliminated", category=None, facts=STABLE, policy=POLICY, now=NOW)


@pytest.mark.parametrize("case", ONE_BLOCKER)
def test_each_blocker_alone_refuses_risk_elimination(case):
    facts, words = ONE_BLOCKER[case]
    [reason] = reasons(facts)
    assert words in reason
    with pytest.raises(TransitionRefused) as refused:
        check_transition("assisted", "risk_eliminated", category=None, facts=facts, policy=POLICY, now=NOW)
    assert [en for _, en in refused.value.reasons] == [reason]


def test_income_is_stable_once_the_policy_months_have_passed_since_the_last_shock():
    months = POLICY.lifecycle.income_stable_months.value
    settled = HouseholdFacts(STABLE.income_per_capita_yuan, 2, frozenset(), frozenset(), NOW - timedelta(days=30 * months + 1))
    assert reasons(settled) == []


# --- deaths in the rules ------------------------------------------------------------------------------

HOUSEHOLD = Household("6531011032030001", "653101", 4, POLICY.line_yuan * 3)


@pytest.mark.parametrize("able, main, raised", [(True, False, True), (False, True, True), (False, False, False)])
def test_a_death_raises_worker_died_only_for_a_member_who_worked_or_earned(able, main, raised):
    member = Member(b.VALID_ID, date(1970, 1, 1), main_earner=main, able_to_work=able)
    codes = {c.code for c in observe(b.death(b.person(b.VALID_ID)), member, HOUSEHOLD, POLICY) if c.active}
    assert ("worker_died" in codes) is raised


def test_an_event_dated_after_a_members_death_is_held_and_one_on_that_day_is_not():
    died = date(2026, 9, 1)
    member = Member(b.VALID_ID, date(1970, 1, 1), main_earner=True, able_to_work=False, deceased_on=died)
    assert deceased_reason(member, died) is None
    assert "deceased on 2026-09-01" in deceased_reason(member, died + timedelta(days=1))
    assert deceased_reason(Member(b.VALID_ID, date(1970, 1, 1), True, True), died) is None


def test_the_boundaries_are_the_rules_words_below_the_line_and_within_the_months():
    """Income exactly at the line is not below it; a shock exactly the policy's months ago is stable."""
    months = POLICY.lifecycle.income_stable_months.value
    at_the_line = HouseholdFacts(POLICY.line_yuan, 2, frozenset(), frozenset(), NOW - timedelta(days=30 * months))
    assert reasons(at_the_line) == []


def test_the_refusal_reasons_are_published_word_for_word():
    """The operator sees these (zh, en) pairs as the refusal; two codes show the separators."""
    codes = sorted(POLICY.guarantee_factors)[:2]
    facts = HouseholdFacts(STABLE.income_per_capita_yuan, 0, frozenset(codes + ["member_job_lost", "worker_died"]),
                           frozenset({"member_job_lost", "worker_died"}), None)
    assert elimination_blockers(facts, POLICY, NOW) == [
        ("家庭无劳动能力成员，继续纳入帮扶保障，不作风险消除",
         "nobody in the household can work: it stays under support and is not eliminated"),
        ("两不愁三保障未全部保障：" + "、".join(codes), "basic guarantees not secured: " + ", ".join(codes)),
        ("触发风险因素尚未消除：member_job_lost、worker_died",
         "triggering factors not cleared: member_job_lost, worker_died"),
    ]


def refusal(current: str, target: str, category: str | None = None) -> list[tuple[str, str]]:
    with pytest.raises(TransitionRefused) as refused:
        check_transition(current, target, category=category, facts=STABLE, policy=POLICY, now=NOW)
    return refused.value.reasons


@pytest.mark.parametrize("category", ["unstable_formerly_poor", "marginal", "sudden_hardship"])
def test_confirming_with_each_category_of_the_rules_is_allowed(category):
    """纳入监测对象 in one of the three categories of monitored households (脱贫不稳定户, 边缘易致贫户, 突发严重困难户)."""
    check_transition("verifying", "confirmed", category=category, facts=None, policy=POLICY, now=NOW)


def test_the_lifecycle_refusals_are_published_word_for_word():
    assert refusal("verifying", "confirmed") == [
        ("纳入监测对象须注明类别",
         "confirming needs a category: one of unstable_formerly_poor, marginal, sudden_hardship")]
    assert refusal("verifying", "confirmed", "poor") == refusal("verifying", "confirmed")
    assert refusal("raised", "verifying", "marginal") == [
        ("只有纳入监测对象时才注明类别", "a category is given only when confirming, not on verifying")]
    assert refusal("raised", "assisted") == [
        ("不能从 raised 转为 assisted", "cannot go from raised to assisted (allowed: dismissed, verifying)")]
    assert refusal("dismissed", "reopened") == [
        ("不能从 dismissed 转为 reopened", "cannot go from dismissed to reopened (allowed: none)")]
    assert refusal("no_such_status", "verifying") == [
        ("不能从 no_such_status 转为 verifying", "cannot go from no_such_status to verifying (allowed: none)")]


def test_the_api_s_status_filter_names_every_lifecycle_status():
    from typing import get_args

    from services.monitor.routes_alerts import AlertStatus
    assert set(get_args(AlertStatus)) == set(TRANSITIONS)


def test_verification_is_due_the_policy_s_days_after_the_alert():
    """入户核实 within the enrolment deadline of the policy (days after the alert is raised)."""
    from services.monitor.lifecycle import verification_due
    days = POLICY.lifecycle.enrolment_deadline_days.value
    assert days > 0 and verification_due(date(2026, 10, 1), POLICY) == date(2026, 10, 1) + timedelta(days=days)
