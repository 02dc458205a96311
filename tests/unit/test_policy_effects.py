"""Effects declared in the policy (services/monitor/policy/effects.py): `raised_by`, `cleared_by`
with `when` and `amount`, `computed_by`, `explain` and `guarantee`. A wrong declaration is refused
at load with its line; a right one takes effect with no code."""
from datetime import date
from decimal import Decimal

import pytest

from services.monitor.policy import DEFAULT_POLICY, PolicyError, load_policy, parse_policy
from services.monitor.rules import Household, Member, assess, observe
from services.monitor.rules.conditional import MEDICAL_FACTORS
from services.monitor.policy.effects import COMPUTED
from tests.unit import builders as b

pytestmark = pytest.mark.unit

TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")
POLICY = load_policy()
HOUSEHOLD = Household("6531011032030001", "653101", 4, Decimal("10000.00"))
HEAD = Member(b.VALID_ID, date(1990, 1, 1), main_earner=True)
LAPSED = "    raised_by: [cn.kashgar.health_insurance.insurance_lapsed.v1]\n"
HOUSING_WHEN = "        when: {grade: [C, D]}\n"


def refused(old: str, new: str) -> str:
    assert old in TEXT, old
    with pytest.raises(PolicyError) as caught:
        parse_policy(TEXT.replace(old, new, 1), "p.yaml")
    return "\n".join(caught.value.problems)


def changes(event, policy=POLICY) -> dict[str, bool]:
    return {c.code: c.active for c in observe(event, HEAD, HOUSEHOLD, policy)}


@pytest.mark.parametrize("event", ["cn.kashgar.health_insurance.insurance_lapsed.v2",
                                   "cn.kashgar.forestry.tree_felled.v1", "insurance_lapsed", ""])
def test_an_unknown_event_type_is_refused_with_its_line(event):
    problems = refused(LAPSED, f"    raised_by: [{event!r}]\n")
    line = 1 + TEXT.splitlines().index(LAPSED.rstrip("\n"))
    assert f"p.yaml:{line}: factors.no_basic_medical_insurance.raised_by.0" in problems
    assert "unknown event type" in problems


@pytest.mark.parametrize("when, why", [("{grade: [E]}", "is not a value of grade"),
                                       ("{grade: [c]}", "is not a value of grade"),  # read as C, not written so
                                       ("{colour: [C]}", "no field 'colour'"),
                                       ("{person: [C]}", "is not a value of person")])
def test_a_condition_on_an_unknown_field_or_value_is_refused(when, why):
    assert why in refused(HOUSING_WHEN, f"        when: {when}\n")


@pytest.mark.parametrize("field", ["reason", "ended_on", "monthly_amount", "person"])
def test_an_amount_that_is_not_a_yuan_field_of_the_event_is_refused(field):
    assert "no amount field" in refused("        amount: monthly_amount_yuan\n", f"        amount: {field}\n")


def test_a_factor_nothing_raises_is_refused():
    assert "nothing raises this factor" in refused(LAPSED, "")


@pytest.mark.parametrize("old, new, why", [
    ("    computed_by: dropout_by_age", "    computed_by: dropout_by_grade", "factors.dropout.computed_by"),
    ("    computed_by: dropout_by_age", "    computed_by: job_loss", "rule job_loss does not compute it"),
    ("    computed_by: working_member_lost\n    source:\n      document: kashgar_plan\n      chapter: 4\n      section: 2",
     "    raised_by: [cn.kashgar.civil_affairs.disability_registered.v1]\n    source:\n      document: kashgar_plan"
     "\n      chapter: 4\n      section: 2", "the rule working_member_lost computes worker_disabled"),
])
def test_a_computed_factor_must_be_the_one_its_rule_computes(old, new, why):
    assert why in refused(old, new)


@pytest.mark.parametrize("department", ["water", "self_report", "monitor", "Housing"])
def test_a_task_for_an_unknown_department_is_refused(department):
    assert "unknown department" in refused("    department: housing\n", f"    department: {department}\n")


def test_an_event_that_both_raises_and_clears_without_condition_is_refused():
    same = LAPSED + LAPSED.replace("raised_by", "cleared_by")
    assert "both raises and clears" in refused(LAPSED, same)


def test_explain_is_required_in_both_languages():
    assert "explain" in refused('    explain: {zh: "家庭成员未参加基本医疗保险", en: "a member has no basic medical insurance"}\n', "")
    assert "en" in refused(', en: "a member has no basic medical insurance"}', "}")


@pytest.mark.parametrize("grade, active", [("A", False), ("B", False), ("C", True), ("D", True)])
def test_the_housing_grade_condition_raises_or_clears(grade, active):
    assert changes(b.housing(grade))["unsafe_housing"] is active


def test_a_new_declared_factor_takes_effect_without_code():
    text = TEXT.replace("factors:\n", """factors:
  appraisal_watch:
    level: yellow
    risk_type: unsafe_housing
    department: housing
    task_type: visit
    due_days: 10
    explain: {zh: "房屋鉴定为B级", en: "the house was appraised grade B"}
    raised_by:
      - event: cn.kashgar.housing.housing_safety_appraised.v1
        when: {grade: [B]}
    cleared_by: [cn.kashgar.housing.housing_renovated.v1]
    local_choice: "a test of a factor declared only in the policy"
""", 1)
    policy = parse_policy(text)
    assert changes(b.housing("B"), policy)["appraisal_watch"] is True
    assert "appraisal_watch" not in changes(b.housing("A"), policy)
    graded = assess([], policy)
    assert graded.level == "green"


def test_an_amount_declared_is_kept_with_the_raised_factor():
    ended = [c for c in observe(b.allowance_ended(), HEAD, HOUSEHOLD, POLICY) if c.code == "allowance_ended"]
    assert ended and ended[0].active and ended[0].amount_yuan == b.allowance_ended().data.monthly_amount_yuan


def test_the_guarantee_factors_are_the_declared_ones():
    assert {"dropout", "unsafe_housing", "no_basic_medical_insurance"} <= POLICY.guarantee_factors
    assert not POLICY.guarantee_factors & {"member_job_lost", "allowance_ended", "income_below_line"}
    assert "guarantee" in refused("    guarantee: true\n", "    guarantee: perhaps\n")
    unguarded = parse_policy(TEXT.replace("    guarantee: true\n" + LAPSED, LAPSED, 1))
    assert "no_basic_medical_insurance" not in unguarded.guarantee_factors


def test_every_code_computed_by_a_rule_is_in_the_policy():
    for rule, codes in COMPUTED.items():
        assert all(POLICY.factors[c].computed_by == rule for c in codes)
    assert MEDICAL_FACTORS == COMPUTED["medical_burden"]


def _water(result: str):
    from services.water_resources.contracts import WaterQualityTested, WaterQualityTestedData

    return b.envelope(WaterQualityTested, "water_resources", WaterQualityTestedData(
        person=b.person(), sampled_on=b.NOW.date(), sample_id="SY1", result=result))


def _disaster(loss: str):
    from services.emergency_management.contracts import DisasterLossAssessed, DisasterLossAssessedData

    return b.envelope(DisasterLossAssessed, "emergency_management", DisasterLossAssessedData(
        person=b.person(), assessment_id="ZH1", disaster_kind="Flood", occurred_on=b.NOW.date(),
        assessed_on=b.NOW.date(), loss_yuan=loss))


@pytest.mark.parametrize("result, active", [("failed", True), ("passed", False), ("ＦＡＩＬＥＤ", True), (" Passed ", False)])
def test_a_water_test_raises_or_clears_unsafe_drinking_water_by_its_result(result, active):
    assert changes(_water(result))["unsafe_drinking_water"] is active


@pytest.mark.parametrize("loss", ["0.01", "1200.00", "999999.99"])
def test_a_disaster_loss_is_kept_as_the_factors_amount(loss):
    raised = [c for c in observe(_disaster(loss), HEAD, HOUSEHOLD, POLICY) if c.code == "disaster_loss"]
    assert raised[0].active and raised[0].amount_yuan == Decimal(loss)


def test_unsafe_water_blocks_risk_elimination_as_a_guarantee():
    from datetime import datetime, timezone

    from services.monitor.lifecycle import HouseholdFacts, elimination_blockers

    def blockers(codes):
        facts = HouseholdFacts(Decimal("12000"), 2, frozenset(codes), frozenset(), None)
        return " ".join(en for _, en in elimination_blockers(facts, POLICY, datetime.now(timezone.utc)))

    assert "unsafe_drinking_water" in blockers({"unsafe_drinking_water"})
    assert "water_supply_interrupted" in blockers({"water_supply_interrupted"})
    assert "basic guarantees" not in blockers({"disaster_loss", "member_job_lost"})
