"""Simulator of 医保 health insurance: settled hospital bills and lapsed insurance."""
from decimal import Decimal
from random import Random

from shared.contracts import departments as d
from tooling.simulate.helpers import business_time, day_in_month, envelope, person_of

CENT = Decimal("0.01")


def _yuan(x: float) -> Decimal:
    return Decimal(str(x)).quantize(CENT)


def simulate(people, rng: Random, month_start, count: int):
    """Bills dominate; about 1 in 20 bills is a catastrophic one (tens of thousands of yuan burden)."""
    for _ in range(count):
        p = rng.choice(people)
        day = day_in_month(rng, month_start)
        if rng.random() < 0.03:
            yield envelope(d.InsuranceLapsed, "health_insurance", rng, business_time(rng, day),
                           d.InsuranceLapsedData(person=person_of(p), coverage_year=day.year))
            continue
        total = rng.lognormvariate(8.6, 1.0) if rng.random() > 0.05 else rng.uniform(60_000, 300_000)
        basic = total * rng.uniform(0.45, 0.7)
        critical = total * rng.uniform(0.0, 0.15) if total > 20_000 else 0.0
        assistance = total * rng.uniform(0.0, 0.1)
        burden = total - basic - critical - assistance
        admitted = day
        yield envelope(d.HospitalBillSettled, "health_insurance", rng, business_time(rng, day), d.HospitalBillSettledData(
            person=person_of(p), settlement_id=f"JS{rng.getrandbits(40):012d}", admission_date=admitted,
            discharge_date=admitted, total_cost_yuan=_yuan(total), basic_insurance_yuan=_yuan(basic),
            critical_illness_yuan=_yuan(critical), medical_assistance_yuan=_yuan(assistance),
            personal_burden_yuan=min(_yuan(burden), _yuan(total))))
