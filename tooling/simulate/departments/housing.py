"""Simulator of 住建 housing: housing safety appraisals (房屋安全鉴定 A/B/C/D)."""
from random import Random

from shared.contracts import departments as d
from tooling.simulate.helpers import business_time, day_in_month, envelope, person_of

GRADES, WEIGHTS = ("A", "B", "C", "D"), (0.70, 0.22, 0.06, 0.02)


def simulate(people, rng: Random, month_start, count: int):
    """Appraisals filed under the household head; about 8% come out C or D (unsafe)."""
    heads = [p for p in people if p.main_earner] or people
    for _ in range(count):
        p = rng.choice(heads)
        day = day_in_month(rng, month_start)
        yield envelope(d.HousingSafetyAppraised, "housing", rng, business_time(rng, day), d.HousingSafetyAppraisedData(
            person=person_of(p), appraised_on=day, grade=rng.choices(GRADES, WEIGHTS)[0],
            appraisal_id=f"JD{rng.getrandbits(32):010d}"))
