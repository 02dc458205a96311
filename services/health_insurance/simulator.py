"""Simulator of 医保 health insurance: settled hospital bills and lapsed insurance.

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from decimal import Decimal

from services.health_insurance import contracts as c

CENT = Decimal("0.01")


def _yuan(x: float) -> Decimal:
    return Decimal(str(x)).quantize(CENT)


def simulate(ctx, count: int):
    """Bills dominate; about 1 in 20 bills is a catastrophic one (tens of thousands of yuan burden)."""
    for _ in range(count):
        p = ctx.rng.choice(ctx.people)
        day = ctx.day()
        if ctx.rng.random() < 0.03:
            yield ctx.event(c.InsuranceLapsed, ctx.at(day),
                            c.InsuranceLapsedData(person=ctx.person(p), coverage_year=day.year))
            continue
        total = ctx.rng.lognormvariate(8.6, 1.0) if ctx.rng.random() > 0.05 else ctx.rng.uniform(60_000, 300_000)
        basic = total * ctx.rng.uniform(0.45, 0.7)
        critical = total * ctx.rng.uniform(0.0, 0.15) if total > 20_000 else 0.0
        assistance = total * ctx.rng.uniform(0.0, 0.1)
        burden = total - basic - critical - assistance
        admitted = day
        yield ctx.event(c.HospitalBillSettled, ctx.at(day), c.HospitalBillSettledData(
            person=ctx.person(p), settlement_id=f"JS{ctx.rng.getrandbits(40):012d}", admission_date=admitted,
            discharge_date=admitted, total_cost_yuan=_yuan(total), basic_insurance_yuan=_yuan(basic),
            critical_illness_yuan=_yuan(critical), medical_assistance_yuan=_yuan(assistance),
            personal_burden_yuan=min(_yuan(burden), _yuan(total))))
