"""Simulator of 教育 education: dropout control (控辍保学) flags and returns to school."""
from datetime import timedelta
from random import Random

from shared.contracts import departments as d
from tooling.simulate.helpers import age_on, business_time, day_in_month, envelope, person_of


def simulate(people, rng: Random, month_start, count: int):
    """Pupils aged 6-17; two in three events are dropout flags, the rest returns to school."""
    pupils = [p for p in people if 6 <= age_on(p.birth_date, month_start) <= 17] or people
    for _ in range(count):
        p = rng.choice(pupils)
        day = day_in_month(rng, month_start)
        age = age_on(p.birth_date, day)
        school = "第一中学" if age >= 12 else "第一小学"
        if rng.random() < 0.67:
            yield envelope(d.DropoutFlagged, "education", rng, business_time(rng, day), d.DropoutFlaggedData(
                person=person_of(p), school_name=school, grade=max(1, min(12, age - 5)),
                absent_since=day - timedelta(days=rng.randint(5, 30))))
        else:
            yield envelope(d.ReturnedToSchool, "education", rng, business_time(rng, day),
                           d.ReturnedToSchoolData(person=person_of(p), school_name=school, returned_on=day))
