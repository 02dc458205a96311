"""Simulator of 住建 housing: housing safety appraisals (房屋安全鉴定 A/B/C/D).

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from services.housing import contracts as c

GRADES, WEIGHTS = ("A", "B", "C", "D"), (0.70, 0.22, 0.06, 0.02)


def simulate(ctx, count: int):
    """Appraisals filed under the household head; about 8% come out C or D (unsafe)."""
    heads = ctx.heads()
    for _ in range(count):
        p = ctx.rng.choice(heads)
        day = ctx.day()
        yield ctx.event(c.HousingSafetyAppraised, ctx.at(day), c.HousingSafetyAppraisedData(
            person=ctx.person(p), appraised_on=day, grade=ctx.rng.choices(GRADES, WEIGHTS)[0],
            appraisal_id=f"JD{ctx.rng.getrandbits(32):010d}"))
