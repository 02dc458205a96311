"""Factor method (因素法) and four-colour grading. Pure: no I/O.

Which risks are monitored: the Kashgar plan, chapter 4 sections 2, 3 and 5 (each factor's
rule cites its phrase in the policy file); the colours and counts are the policy's own triage.

`observe` turns one department event into factor changes for a household; `assess`
grades the household's active factors. Thresholds come from the Policy object.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from services.civil_affairs.contracts import (DeathRegistered, DisabilityRegistered, ExtremePovertySupportGranted,
                                              SubsistenceAllowanceEnded, SubsistenceAllowanceGranted)
from services.education.contracts import DropoutFlagged, ReturnedToSchool
from services.employment.contracts import JobLost, JobStarted
from services.health_insurance.contracts import HospitalBillSettled, InsuranceLapsed
from services.housing.contracts import HousingRenovated, HousingSafetyAppraised
from shared.contracts.self_report import HardshipSelfReported
from services.monitor.policy import Policy

LEVELS = ("green", "yellow", "orange", "red")
MEDICAL_FACTORS = ("medical_burden_over_income", "medical_burden_over_half_income", "medical_burden_attention")


@dataclass(frozen=True)
class Household:
    household_id: str
    county_code: str
    members: int
    income_per_capita_yuan: Decimal  # yuan per capita per year

    @property
    def annual_income_yuan(self) -> Decimal:
        return self.income_per_capita_yuan * self.members


@dataclass(frozen=True)
class Member:
    resident_id: str
    birth_date: date
    main_earner: bool
    able_to_work: bool = False


@dataclass(frozen=True)
class FactorChange:
    """A factor switched on (`active`) or cleared by an event at business time `at`."""

    code: str
    active: bool
    at: datetime
    evidence_event_id: str
    resident_id: str
    amount_yuan: Decimal | None = None


@dataclass(frozen=True)
class Factor:
    code: str
    level: str
    risk_type: str
    evidence_event_ids: tuple[str, ...]
    resident_id: str
    amount_yuan: Decimal | None = None


@dataclass(frozen=True)
class Assessment:
    level: str
    factors: tuple[Factor, ...]
    explanation_zh: str
    explanation_en: str
    escalations: tuple[str, ...] = field(default=())


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def observe(event, member: Member, household: Household, policy: Policy,
            medical_burden_window_yuan: Decimal | None = None) -> list[FactorChange]:
    """Factor changes caused by one validated department event.

    `medical_burden_window_yuan` is the household's person's-total-burden (个人负担总金额)
    summed over the policy window ending at this bill, including it; required for bills.
    """
    at, eid, rid = event.time, event.id, member.resident_id

    def on(code: str, amount: Decimal | None = None) -> FactorChange:
        return FactorChange(code, True, at, eid, rid, amount)

    def off(code: str) -> FactorChange:
        return FactorChange(code, False, at, eid, rid)

    changes: list[FactorChange] = []
    if household.income_per_capita_yuan < policy.line_yuan:
        changes.append(on("income_below_line", household.income_per_capita_yuan))
    match event:
        case HospitalBillSettled():
            changes += _medical(at, eid, rid, medical_burden_window_yuan, household, policy)
        case InsuranceLapsed():
            changes.append(on("no_basic_medical_insurance"))
        case DropoutFlagged():
            ages = policy.compulsory_education_age
            if ages.min <= age_on(member.birth_date, event.data.absent_since) <= ages.max:
                changes.append(on("dropout"))
        case ReturnedToSchool():
            changes.append(off("dropout"))
        case JobLost():
            code = "main_earner_job_lost" if member.main_earner else "member_job_lost"
            changes.append(on(code, event.data.monthly_wage_yuan))
            after = income_after_job_loss(household, event.data.monthly_wage_yuan, event.data.lost_on)
            if after < policy.line_yuan <= household.income_per_capita_yuan:
                changes.append(on("income_below_line", after))
        case JobStarted():
            changes += [off("main_earner_job_lost"), off("member_job_lost")]
        case HousingSafetyAppraised():
            changes.append(on("unsafe_housing") if event.data.grade in ("C", "D") else off("unsafe_housing"))
        case SubsistenceAllowanceEnded():
            changes.append(on("allowance_ended", event.data.monthly_amount_yuan))
        case SubsistenceAllowanceGranted() | ExtremePovertySupportGranted():
            changes.append(off("allowance_ended"))
        case HousingRenovated():
            changes.append(off("unsafe_housing"))
        case DeathRegistered() if member.able_to_work or member.main_earner:
            changes.append(on("worker_died"))
        case DisabilityRegistered() if member.able_to_work or member.main_earner:
            changes.append(on("worker_disabled"))
        case HardshipSelfReported():
            changes.append(on("self_reported_hardship"))
    return changes


def income_after_job_loss(household: Household, monthly_wage_yuan: Decimal, lost_on: date) -> Decimal:
    """Per-capita income (yuan per capita per year) once the lost wage is missing for the rest of
    the year, counting the month of the loss (issue 4: income recomputed from the lost wage).
    Never below zero: a registry income lower than the lost wage is out of date, not negative."""
    months_left = 12 - lost_on.month + 1
    after = household.income_per_capita_yuan - monthly_wage_yuan * months_left / household.members
    return max(after, Decimal(0)).quantize(Decimal("0.01"))


def _medical(at, eid, rid, burden: Decimal | None, household: Household, policy: Policy) -> list[FactorChange]:
    if burden is None:
        raise ValueError("a hospital bill needs the household's medical burden over the policy window")
    income = household.annual_income_yuan
    if burden > income:
        chosen = "medical_burden_over_income"
    elif burden > income / 2:
        chosen = "medical_burden_over_half_income"
    elif burden > Decimal(policy.medical.attention_threshold_yuan.value):
        chosen = "medical_burden_attention"
    else:
        chosen = None  # under every threshold: a medical factor set earlier is cleared
    # The three medical factors are one scale: switching one on switches the others off.
    return [FactorChange(code, code == chosen, at, eid, rid, burden if code == chosen else None)
            for code in MEDICAL_FACTORS]


EXPLAIN = {
    "dropout": ("义务教育阶段适龄儿童辍学", "a member of compulsory-education age has dropped out of school"),
    "unsafe_housing": ("住房安全鉴定为C级或D级危房", "the house was appraised grade C or D (unsafe)"),
    "no_basic_medical_insurance": ("家庭成员未参加基本医疗保险", "a member has no basic medical insurance"),
    "medical_burden_over_income": ("近12个月个人负担医疗费用超过家庭年收入",
                                   "out-of-pocket medical cost in 12 months exceeds the household's annual income"),
    "medical_burden_over_half_income": ("近12个月个人负担医疗费用超过家庭年收入的一半",
                                        "out-of-pocket medical cost in 12 months exceeds half of annual income"),
    "medical_burden_attention": ("个人负担医疗费用超过关注线", "out-of-pocket medical cost above the attention threshold"),
    "main_earner_job_lost": ("家庭主要劳动力失业", "the household's main earner lost their job"),
    "member_job_lost": ("家庭成员失业", "a household member lost their job"),
    "allowance_ended": ("农村低保停发", "the rural subsistence allowance ended"),
    "income_below_line": ("人均纯收入低于监测线", "per-capita net income is below the monitoring line"),
    "worker_died": ("家庭劳动力死亡", "a working member of the household died"),
    "worker_disabled": ("家庭劳动力致残", "a working member of the household was registered disabled"),
    "self_reported_hardship": ("农户自主申报困难", "the household reported hardship itself"),
}


def assess(factors: list[Factor], policy: Policy) -> Assessment:
    """Grade active factors: the worst colour wins; N orange make red, M yellow make orange.

    Source of the counts: policy.escalation (a local choice: no document sets a colour scale).
    Green when nothing is active.
    """
    ordered = tuple(sorted(factors, key=lambda f: (-LEVELS.index(f.level), f.code)))
    level = ordered[0].level if ordered else "green"
    counts = {lvl: sum(f.level == lvl for f in ordered) for lvl in LEVELS}
    escalations: list[str] = []
    if counts["yellow"] >= policy.escalation.yellow_count_makes_orange.value and LEVELS.index(level) < 2:
        level = "orange"
        escalations.append("yellow_to_orange")
    if counts["orange"] >= policy.escalation.orange_count_makes_red.value and LEVELS.index(level) < 3:
        level = "red"
        escalations.append("orange_to_red")
    zh = "；".join(f"{EXPLAIN[f.code][0]}（{_zh_level(f.level)}）" for f in ordered) or "无风险因素"
    en = "; ".join(f"{EXPLAIN[f.code][1]} ({f.level})" for f in ordered) or "no active risk factor"
    if escalations:
        zh += f"。多项因素叠加，升级为{_zh_level(level)}"
        en += f". Several factors together raise the level to {level}"
    return Assessment(level, ordered, zh, en, tuple(escalations))


def _zh_level(level: str) -> str:
    return {"green": "绿色", "yellow": "黄色", "orange": "橙色", "red": "红色"}[level]


def worse(a: str, b: str) -> bool:
    """True when level a is more severe than level b."""
    return LEVELS.index(a) > LEVELS.index(b)
