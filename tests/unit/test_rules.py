"""Factor method and four colours (DESIGN.md section 5): services/monitor/rules.py with the
Kashgar 2026 policy file (services/monitor/policy/kashgar-2026.yaml).

Thresholds are tested just below, at and just above the value the policy names.
"""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.monitor import rules
from services.monitor.policy import load_policy
from services.monitor.rules import EXPLAIN, LEVELS, Factor, Household, Member, assess, observe
from tests.unit import builders as b

POLICY = load_policy()
CODES = sorted(POLICY.factors)
ABOVE_LINE = Decimal("10000.00")  # per capita, above the 8,000 line: no income factor
RICH = Household("6531011032030011", "653101", 4, Decimal("40000.00"))  # a lost wage leaves it above the line
# 4 members x 10,000 = 40,000 a year; half is 20,000; the attention threshold is 10,000.
HOUSEHOLD = Household("6531011032030001", "653101", 4, ABOVE_LINE)
ADULT = Member(b.VALID_ID, date(1990, 1, 1), main_earner=True)
OTHER_ADULT = Member(b.VALID_FEMALE_ID, date(1992, 5, 5), main_earner=False)


def changes_of(event, member=ADULT, household=HOUSEHOLD, burden=None) -> dict[str, bool]:
    return {c.code: c.active for c in observe(event, member, household, POLICY, burden)}


def factor(code: str, event_id: str = "ev-1") -> Factor:
    rule = POLICY.factors[code]
    return Factor(code, rule.level, rule.risk_type, (event_id,), b.VALID_ID)


def level_of(*codes: str) -> str:
    return assess([factor(c) for c in codes], POLICY).level


def codes_at(level: str) -> list[str]:
    return [c for c in CODES if POLICY.factors[c].level == level]


# --- the policy the tests rely on ------------------------------------------------------------------

def test_the_policy_file_has_the_kashgar_defaults():
    assert POLICY.line_yuan == Decimal("8000")
    assert Decimal(POLICY.medical.attention_threshold_yuan.value) == Decimal("10000")
    assert POLICY.escalation.orange_count_makes_red.value == 2
    assert POLICY.escalation.yellow_count_makes_orange.value == 3
    assert (POLICY.compulsory_education_age.min, POLICY.compulsory_education_age.max) == (6, 15)
    assert set(EXPLAIN) == set(POLICY.factors)


# --- medical burden ------------------------------------------------------------------------------

def medical(burden: str) -> dict[str, bool]:
    amount = Decimal(burden)
    return changes_of(b.hospital_bill(burden=amount), burden=amount)


def active_medical(burden: str) -> list[str]:
    return [code for code, on in medical(burden).items() if on]


def test_annual_income_is_per_capita_income_times_members():
    assert HOUSEHOLD.annual_income_yuan == Decimal("40000.00")


def test_a_medical_burden_above_annual_income_is_medical_burden_over_income_and_red():
    assert active_medical("40000.01") == ["medical_burden_over_income"]
    assert POLICY.factors["medical_burden_over_income"].level == "red"


def test_a_medical_burden_exactly_equal_to_annual_income_is_not_red():
    assert active_medical("40000.00") == ["medical_burden_over_half_income"]


def test_a_medical_burden_above_half_of_annual_income_is_an_orange_factor():
    assert active_medical("20000.01") == ["medical_burden_over_half_income"]
    assert POLICY.factors["medical_burden_over_half_income"].level == "orange"


def test_a_medical_burden_exactly_half_of_annual_income_is_only_the_attention_factor():
    assert active_medical("20000.00") == ["medical_burden_attention"]


def test_a_medical_burden_above_the_attention_threshold_is_yellow():
    assert active_medical("10000.01") == ["medical_burden_attention"]
    assert POLICY.factors["medical_burden_attention"].level == "yellow"


@pytest.mark.parametrize("burden", ["10000.00", "9999.99", "0"])
def test_a_medical_burden_at_or_below_the_attention_threshold_clears_every_medical_factor(burden):
    assert medical(burden) == {code: False for code in rules.MEDICAL_FACTORS}


def test_switching_one_medical_factor_on_switches_the_other_two_off_and_carries_the_burden():
    burden = Decimal("25000")
    changes = observe(b.hospital_bill(burden=burden), ADULT, HOUSEHOLD, POLICY, burden)
    assert {c.code: (c.active, c.amount_yuan) for c in changes} == {
        "medical_burden_over_income": (False, None),
        "medical_burden_over_half_income": (True, burden),
        "medical_burden_attention": (False, None),
    }


def test_the_window_burden_not_the_single_bill_decides_the_factor():
    bill = b.hospital_bill(burden=Decimal("100"))
    assert [c.code for c in observe(bill, ADULT, HOUSEHOLD, POLICY, Decimal("40000.01")) if c.active] == [
        "medical_burden_over_income"]


def test_a_hospital_bill_without_the_window_burden_is_an_error():
    with pytest.raises(ValueError, match="medical burden"):
        observe(b.hospital_bill(), ADULT, HOUSEHOLD, POLICY, None)


def test_changes_carry_the_event_business_time_id_and_resident():
    event = b.insurance_lapsed(when=b.NOW - timedelta(days=3))
    (change,) = observe(event, ADULT, HOUSEHOLD, POLICY)
    assert (change.code, change.active, change.at, change.evidence_event_id, change.resident_id) == (
        "no_basic_medical_insurance", True, b.NOW - timedelta(days=3), event.id, ADULT.resident_id)


# --- dropout ---------------------------------------------------------------------------------------

ABSENT_SINCE = date(2026, 9, 1)


def child_aged(years: int, days_before_next_birthday: int | None = None) -> Member:
    """A child who is `years` old on ABSENT_SINCE: born on that day `years` years earlier, or
    `days_before_next_birthday` days before turning years + 1."""
    if days_before_next_birthday is None:
        born = ABSENT_SINCE.replace(year=ABSENT_SINCE.year - years)
    else:
        born = ABSENT_SINCE.replace(year=ABSENT_SINCE.year - years - 1) + timedelta(days=days_before_next_birthday)
    member = Member(b.VALID_ID, born, main_earner=False)
    assert rules.age_on(born, ABSENT_SINCE) == years
    return member


def dropout_of(member: Member) -> dict[str, bool]:
    return changes_of(b.dropout(absent_since=ABSENT_SINCE, when=b.NOW), member)


@pytest.mark.parametrize("member", [child_aged(5), child_aged(5, days_before_next_birthday=1)],
                         ids=["five", "one day before six"])
def test_a_dropout_aged_five_is_not_a_factor(member):
    assert dropout_of(member) == {}


@pytest.mark.parametrize("member", [child_aged(6), child_aged(10), child_aged(15),
                                    child_aged(15, days_before_next_birthday=1)],
                         ids=["six on the day", "ten", "fifteen", "one day before sixteen"])
def test_a_dropout_of_compulsory_education_age_is_a_red_factor(member):
    assert dropout_of(member) == {"dropout": True}
    assert POLICY.factors["dropout"].level == "red"


def test_a_dropout_aged_sixteen_is_not_a_factor():
    assert dropout_of(child_aged(16)) == {}


def test_the_age_counts_on_the_absent_since_date_not_the_event_time():
    # Five when absence began (2026-09-01), six by the event time (2026-10-15).
    born = date(2020, 9, 15)
    member = Member(b.VALID_ID, born, main_earner=False)
    assert rules.age_on(born, b.NOW.date()) == 6
    assert dropout_of(member) == {}


def test_returning_to_school_clears_the_dropout():
    assert changes_of(b.returned_to_school()) == {"dropout": False}


# --- housing, jobs, allowance, insurance -------------------------------------------------------------

@pytest.mark.parametrize("grade", ["A", "B"])
def test_a_safe_housing_grade_clears_unsafe_housing(grade):
    assert changes_of(b.housing(grade)) == {"unsafe_housing": False}


@pytest.mark.parametrize("grade", ["C", "D"])
def test_an_unsafe_housing_grade_sets_unsafe_housing(grade):
    assert changes_of(b.housing(grade)) == {"unsafe_housing": True}
    assert POLICY.factors["unsafe_housing"].level == "red"


def test_job_lost_by_the_main_earner_is_an_orange_factor_with_the_wage():
    (change,) = observe(b.job_lost(wage=Decimal("3200")), ADULT, RICH, POLICY)
    assert (change.code, change.active, change.amount_yuan) == ("main_earner_job_lost", True, Decimal("3200"))
    assert POLICY.factors["main_earner_job_lost"].level == "orange"


def test_job_lost_by_another_member_is_a_yellow_factor():
    assert changes_of(b.job_lost(), OTHER_ADULT, household=RICH) == {"member_job_lost": True}
    assert POLICY.factors["member_job_lost"].level == "yellow"


@pytest.mark.parametrize("member", [ADULT, OTHER_ADULT], ids=["main earner", "other member"])
def test_a_job_started_clears_both_job_factors(member):
    assert changes_of(b.job_started(), member) == {"main_earner_job_lost": False, "member_job_lost": False}


def test_an_ended_allowance_is_set_and_a_granted_allowance_clears_it():
    assert changes_of(b.allowance_ended()) == {"allowance_ended": True}
    assert changes_of(b.allowance_granted()) == {"allowance_ended": False}


def test_lapsed_insurance_is_a_red_factor():
    assert changes_of(b.insurance_lapsed()) == {"no_basic_medical_insurance": True}
    assert POLICY.factors["no_basic_medical_insurance"].level == "red"


# --- income below the line ---------------------------------------------------------------------------

def test_a_household_below_the_monitoring_line_gets_income_below_line():
    poor = Household("6531011032030002", "653101", 3, Decimal("7999.99"))
    changes = observe(b.housing("A"), ADULT, poor, POLICY)
    (income,) = [c for c in changes if c.code == "income_below_line"]
    assert income.active and income.amount_yuan == Decimal("7999.99")
    assert POLICY.factors["income_below_line"].level == "orange"


def test_a_household_exactly_at_the_monitoring_line_does_not_get_income_below_line():
    at_line = Household("6531011032030003", "653101", 3, Decimal("8000.00"))
    assert "income_below_line" not in changes_of(b.housing("A"), household=at_line)


# --- assess --------------------------------------------------------------------------------------------

def test_no_factor_is_green_with_a_plain_explanation():
    result = assess([], POLICY)
    assert result.level == "green"
    assert result.factors == ()
    assert (result.explanation_zh, result.explanation_en) == ("无风险因素", "no active risk factor")


@pytest.mark.parametrize("level", ["yellow", "orange", "red"])
def test_one_factor_gives_its_own_level(level):
    for code in codes_at(level):
        assert level_of(code) == level, code


def test_the_worst_colour_wins():
    assert level_of("member_job_lost", "main_earner_job_lost") == "orange"
    assert level_of("member_job_lost", "dropout") == "red"


def test_two_orange_factors_make_red():
    result = assess([factor("main_earner_job_lost"), factor("income_below_line")], POLICY)
    assert result.level == "red"
    assert result.escalations == ("orange_to_red",)
    assert "升级为红色" in result.explanation_zh
    assert "raise the level to red" in result.explanation_en


def test_three_yellow_factors_make_orange():
    result = assess([factor(c) for c in codes_at("yellow")[:3]], POLICY)
    assert len(codes_at("yellow")) >= 3
    assert result.level == "orange"
    assert result.escalations == ("yellow_to_orange",)


def test_two_yellow_factors_stay_yellow():
    result = assess([factor("member_job_lost"), factor("allowance_ended")], POLICY)
    assert result.level == "yellow"
    assert result.escalations == ()


def test_a_red_household_is_not_reported_as_escalated_by_two_orange_factors():
    result = assess([factor("dropout"), factor("main_earner_job_lost"), factor("income_below_line")], POLICY)
    assert result.level == "red"
    assert result.escalations == ()


def test_the_explanation_names_every_active_factor_in_both_languages():
    codes = ["dropout", "main_earner_job_lost", "allowance_ended"]
    result = assess([factor(c) for c in codes], POLICY)
    for code in codes:
        assert EXPLAIN[code][0] in result.explanation_zh
        assert EXPLAIN[code][1] in result.explanation_en
    assert "（红色）" in result.explanation_zh and "(red)" in result.explanation_en
    assert "（黄色）" in result.explanation_zh and "(yellow)" in result.explanation_en


def test_factors_are_ordered_worst_first():
    result = assess([factor("allowance_ended"), factor("dropout"), factor("main_earner_job_lost")], POLICY)
    assert [f.code for f in result.factors] == ["dropout", "main_earner_job_lost", "allowance_ended"]


# --- properties ----------------------------------------------------------------------------------------

factor_sets = st.sets(st.sampled_from(CODES))


@given(factor_sets, st.sampled_from(CODES))
def test_adding_a_factor_never_lowers_the_level(codes, extra):
    before = level_of(*codes)
    after = level_of(*(codes | {extra}))
    assert LEVELS.index(after) >= LEVELS.index(before)


@given(st.lists(st.sampled_from(CODES), unique=True).flatmap(lambda c: st.tuples(st.just(c), st.permutations(c))))
def test_assess_is_deterministic_whatever_the_order_of_factors(pair):
    codes, shuffled = pair
    first = assess([factor(c) for c in codes], POLICY)
    assert assess([factor(c) for c in codes], POLICY) == first
    assert assess([factor(c) for c in shuffled], POLICY) == first


@given(factor_sets)
def test_the_explanation_mentions_every_active_factor(codes):
    result = assess([factor(c) for c in codes], POLICY)
    for code in codes:
        assert EXPLAIN[code][1] in result.explanation_en
        assert EXPLAIN[code][0] in result.explanation_zh
    assert (result.level == "green") == (not codes)


# --- income recomputed after a job loss (issue 4) ---------------------------------------------------

def test_a_lost_wage_lowers_per_capita_income_for_the_rest_of_the_year():
    household = Household("6531011032030009", "653101", 4, Decimal("9000.00"))
    # 2,000 yuan a month from October: 3 months x 2,000 / 4 members = 1,500 yuan per capita.
    assert rules.income_after_job_loss(household, Decimal("2000"), date(2026, 10, 5)) == Decimal("7500.00")


def test_a_lost_wage_larger_than_the_registry_income_gives_zero_income_not_a_negative_one():
    household = Household("6531011032030011", "653101", 2, Decimal("3000.00"))
    # 5,200 yuan a month from October: 3 x 5,200 / 2 = 7,800 > 3,000 per capita (the registry is out of date).
    assert rules.income_after_job_loss(household, Decimal("5200"), date(2026, 10, 20)) == Decimal("0.00")
    changes = changes_of(b.job_lost(wage=Decimal("5200")), household=household)
    assert changes["income_below_line"] is True


@pytest.mark.parametrize("wage, below", [("1333", False), ("1334", True)])
def test_a_job_loss_that_pushes_income_under_the_line_adds_the_income_factor(wage, below):
    household = Household("6531011032030010", "653101", 4, Decimal("9000.00"))  # 3 months x wage / 4 vs 1,000
    event = b.job_lost(wage=Decimal(wage))
    assert event.data.lost_on.month == 10
    changes = changes_of(event, household=household)
    assert changes.get("income_below_line", False) is below


def test_renovation_clears_unsafe_housing_and_a_workers_death_or_disability_are_orange():
    assert rules.EXPLAIN["worker_died"] and POLICY.factors["worker_died"].level == "orange"
    assert POLICY.factors["worker_disabled"].level == "orange"
    assert POLICY.factors["self_reported_hardship"].level == "yellow"
