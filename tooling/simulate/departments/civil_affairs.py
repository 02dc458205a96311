"""Simulator of 民政 civil affairs: rural subsistence allowance (农村低保) granted and ended."""
from decimal import Decimal
from random import Random

from shared.contracts import departments as d
from tooling.simulate.helpers import business_time, day_in_month, envelope, person_of

REASONS = ("家庭收入超过低保标准", "年度复核不再符合条件", "户籍迁出")


def simulate(people, rng: Random, month_start, count: int):
    """Half endings, half grants; allowance 300-1,200 yuan a month per household."""
    for _ in range(count):
        p = rng.choice(people)
        day = day_in_month(rng, month_start)
        amount = Decimal(rng.randrange(300, 1200, 10))
        if rng.random() < 0.5:
            yield envelope(d.SubsistenceAllowanceEnded, "civil_affairs", rng, business_time(rng, day),
                           d.SubsistenceAllowanceEndedData(person=person_of(p), ended_on=day,
                                                           monthly_amount_yuan=amount, reason=rng.choice(REASONS)))
        else:
            yield envelope(d.SubsistenceAllowanceGranted, "civil_affairs", rng, business_time(rng, day),
                           d.SubsistenceAllowanceGrantedData(person=person_of(p), granted_on=day,
                                                             monthly_amount_yuan=amount))
