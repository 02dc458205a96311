"""The rules that need arithmetic, not a declaration: a medical burden against income, a job
loss against income, a dropout by age, the death or disability of a working member, and income
below the line. Each factor they set is `computed_by` them in the policy (policy/effects.py).
Sources: the Kashgar plan, chapter 4 sections 2, 3 and 5, as each factor cites in the policy."""
from datetime import date
from decimal import Decimal

from services.civil_affairs.contracts import DeathRegistered, DisabilityRegistered
from services.education.contracts import DropoutFlagged
from services.employment.contracts import JobLost
from services.health_insurance.contracts import HospitalBillSettled
from services.monitor.policy.effects import COMPUTED
from services.monitor.rules.model import FactorChange, Household, Seen

MEDICAL_FACTORS = COMPUTED["medical_burden"]


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def income_after_job_loss(household: Household, monthly_wage_yuan: Decimal, lost_on: date) -> Decimal:
    """Per-capita income (yuan per capita per year) once the lost wage is missing for the rest of
    the year, counting the month of the loss (issue 4: income recomputed from the lost wage).
    Never below zero: a registry income lower than the lost wage is out of date, not negative."""
    months_left = 12 - lost_on.month + 1
    after = household.income_per_capita_yuan - monthly_wage_yuan * months_left / household.members
    return max(after, Decimal(0)).quantize(Decimal("0.01"))


def computed(seen: Seen) -> list[FactorChange]:
    """The factor changes the conditional rules derive from one event (income first)."""
    changes = income_below_line(seen)
    match seen.event:
        case HospitalBillSettled():
            changes += medical_burden(seen)
        case JobLost():
            changes += job_loss(seen)
        case DropoutFlagged():
            changes += dropout_by_age(seen)
        case DeathRegistered() | DisabilityRegistered():
            changes += working_member_lost(seen)
    return changes


def income_below_line(seen: Seen) -> list[FactorChange]:
    income = seen.household.income_per_capita_yuan
    return [seen.on("income_below_line", income)] if income < seen.policy.line_yuan else []


def medical_burden(seen: Seen) -> list[FactorChange]:
    """One of the three medical factors by the burden over the window; the others switched off."""
    burden, policy = seen.medical_burden_window_yuan, seen.policy
    if burden is None:
        raise ValueError("a hospital bill needs the household's medical burden over the policy window")
    income = seen.household.annual_income_yuan
    if burden > income:
        chosen = "medical_burden_over_income"
    elif burden > income / 2:
        chosen = "medical_burden_over_half_income"
    elif burden > Decimal(policy.medical.attention_threshold_yuan.value):
        chosen = "medical_burden_attention"
    else:
        chosen = None  # under every threshold: a medical factor set earlier is cleared
    return [seen.on(code, burden) if code == chosen else seen.off(code) for code in MEDICAL_FACTORS]


def job_loss(seen: Seen) -> list[FactorChange]:
    """The main earner's or another member's job lost; income below the line if the wage takes it there."""
    data, household, line = seen.event.data, seen.household, seen.policy.line_yuan
    changes = [seen.on("main_earner_job_lost" if seen.member.main_earner else "member_job_lost",
                       data.monthly_wage_yuan)]
    after = income_after_job_loss(household, data.monthly_wage_yuan, data.lost_on)
    if after < line <= household.income_per_capita_yuan:
        changes.append(seen.on("income_below_line", after))
    return changes


def dropout_by_age(seen: Seen) -> list[FactorChange]:
    ages = seen.policy.compulsory_education_age
    in_age = ages.min <= age_on(seen.member.birth_date, seen.event.data.absent_since) <= ages.max
    return [seen.on("dropout")] if in_age else []


def working_member_lost(seen: Seen) -> list[FactorChange]:
    if not (seen.member.able_to_work or seen.member.main_earner):
        return []
    return [seen.on("worker_died" if isinstance(seen.event, DeathRegistered) else "worker_disabled")]
