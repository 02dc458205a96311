"""Simulator of 教育 education: dropout control (控辍保学) flags and returns to school.

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from datetime import timedelta

from services.education import contracts as c


def simulate(ctx, count: int):
    """Pupils aged 6-17; two in three events are dropout flags, the rest returns to school."""
    pupils = ctx.aged(6, 17)
    for _ in range(count):
        p = ctx.rng.choice(pupils)
        day = ctx.day()
        age = ctx.age(p, day)
        school = "第一中学" if age >= 12 else "第一小学"
        if ctx.rng.random() < 0.67:
            yield ctx.event(c.DropoutFlagged, ctx.at(day), c.DropoutFlaggedData(
                person=ctx.person(p), school_name=school, grade=max(1, min(12, age - 5)),
                absent_since=day - timedelta(days=ctx.rng.randint(5, 30))))
        else:
            yield ctx.event(c.ReturnedToSchool, ctx.at(day),
                            c.ReturnedToSchoolData(person=ctx.person(p), school_name=school, returned_on=day))
