"""Simulator of 农业农村局 agriculture (a test fixture): failed projects (60%) and support delivered.

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from decimal import Decimal

from services.agriculture import contracts as c


def simulate(ctx, count: int):
    heads = ctx.heads()
    for _ in range(count):
        p, day = ctx.rng.choice(heads), ctx.day()
        project = f"CY{ctx.rng.getrandbits(32):010d}"
        if ctx.rng.random() < 0.6:
            yield ctx.event(c.ProjectFailed, ctx.at(day), c.ProjectFailedData(
                person=ctx.person(p), project_id=project, kind="crop_failure", failed_on=day,
                loss_yuan=Decimal(ctx.rng.randrange(500, 30_000, 10))))
        else:
            yield ctx.event(c.ProjectSupported, ctx.at(day), c.ProjectSupportedData(
                person=ctx.person(p), project_id=project, supported_on=day))
