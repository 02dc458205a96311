"""Simulator of 民政 civil affairs: rural subsistence allowance (农村低保) granted and ended.

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from decimal import Decimal

from services.civil_affairs import contracts as c

REASONS = ("家庭收入超过低保标准", "年度复核不再符合条件", "户籍迁出")


def simulate(ctx, count: int):
    """Half endings, half grants; allowance 300-1,200 yuan a month per household."""
    for _ in range(count):
        p = ctx.rng.choice(ctx.people)
        day = ctx.day()
        amount = Decimal(ctx.rng.randrange(300, 1200, 10))
        if ctx.rng.random() < 0.5:
            yield ctx.event(c.SubsistenceAllowanceEnded, ctx.at(day),
                            c.SubsistenceAllowanceEndedData(person=ctx.person(p), ended_on=day,
                                                            monthly_amount_yuan=amount,
                                                            reason=ctx.rng.choice(REASONS)))
        else:
            yield ctx.event(c.SubsistenceAllowanceGranted, ctx.at(day),
                            c.SubsistenceAllowanceGrantedData(person=ctx.person(p), granted_on=day,
                                                              monthly_amount_yuan=amount))
