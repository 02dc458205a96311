"""Simulator of 人社 employment: jobs lost and started."""
from decimal import Decimal
from random import Random

from shared.contracts import departments as d
from tooling.simulate.helpers import age_on, business_time, day_in_month, envelope, person_of


def simulate(people, rng: Random, month_start, count: int):
    """Workers aged 16-60; 60% job losses, 40% jobs started. Wages 1,500-6,000 yuan a month."""
    workers = [p for p in people if 16 <= age_on(p.birth_date, month_start) <= 60] or people
    for _ in range(count):
        p = rng.choice(workers)
        day = day_in_month(rng, month_start)
        wage = Decimal(rng.randrange(1500, 6000, 50))
        if rng.random() < 0.6:
            yield envelope(d.JobLost, "employment", rng, business_time(rng, day), d.JobLostData(
                person=person_of(p), lost_on=day, monthly_wage_yuan=wage,
                employer_kind=rng.choice(["enterprise", "public_welfare_post", "migrant_work", "other"])))
        else:
            yield envelope(d.JobStarted, "employment", rng, business_time(rng, day),
                           d.JobStartedData(person=person_of(p), started_on=day, monthly_wage_yuan=wage))
