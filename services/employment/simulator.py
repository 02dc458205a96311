"""Simulator of 人社 employment: jobs lost and started.

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from decimal import Decimal

from services.employment import contracts as c


def simulate(ctx, count: int):
    """Workers aged 16-60; 60% job losses, 40% jobs started. Wages 1,500-6,000 yuan a month."""
    workers = ctx.aged(16, 60)
    for _ in range(count):
        p = ctx.rng.choice(workers)
        day = ctx.day()
        wage = Decimal(ctx.rng.randrange(1500, 6000, 50))
        if ctx.rng.random() < 0.6:
            yield ctx.event(c.JobLost, ctx.at(day), c.JobLostData(
                person=ctx.person(p), lost_on=day, monthly_wage_yuan=wage,
                employer_kind=ctx.rng.choice(["enterprise", "public_welfare_post", "migrant_work", "other"])))
        else:
            yield ctx.event(c.JobStarted, ctx.at(day),
                            c.JobStartedData(person=ctx.person(p), started_on=day, monthly_wage_yuan=wage))
