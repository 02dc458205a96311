"""Simulator of 应急管理 emergency management: disaster losses assessed and relief delivered.

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from datetime import timedelta
from decimal import Decimal

from services.emergency_management import contracts as c

KINDS, WEIGHTS = ("flood", "earthquake", "drought", "hail", "sandstorm", "snowstorm"), (3, 1, 2, 2, 2, 1)


def simulate(ctx, count: int):
    """Filed under household heads: two in three are assessed losses (500-60,000 yuan), the rest relief."""
    heads = ctx.heads()
    for _ in range(count):
        p, day = ctx.rng.choice(heads), ctx.day()
        assessment = f"ZH{ctx.rng.getrandbits(32):010d}"
        if ctx.rng.random() < 0.67:
            yield ctx.event(c.DisasterLossAssessed, ctx.at(day), c.DisasterLossAssessedData(
                person=ctx.person(p), assessment_id=assessment, disaster_kind=ctx.rng.choices(KINDS, WEIGHTS)[0],
                occurred_on=day - timedelta(days=ctx.rng.randint(0, 10)), assessed_on=day,
                loss_yuan=Decimal(ctx.rng.randrange(500, 60_000, 10))))
        else:
            yield ctx.event(c.DisasterReliefDelivered, ctx.at(day), c.DisasterReliefDeliveredData(
                person=ctx.person(p), assessment_id=assessment, delivered_on=day,
                relief_yuan=Decimal(ctx.rng.randrange(500, 20_000, 10))))
