"""Simulator of 水利 water resources: supply interruptions, restorations and water tests.

`simulate(ctx, count)`: `count` events of one month drawn from ctx (tooling/simulate/context.py).
"""
from services.water_resources import contracts as c

CAUSES = ("管网爆裂", "水源井干涸", "水厂设备检修", "冬季管道冻结")


def simulate(ctx, count: int):
    """Filed under household heads: 30% interruptions, 30% restorations, 40% tests of which 1 in 10 fail."""
    heads = ctx.heads()
    for _ in range(count):
        p, day, roll = ctx.rng.choice(heads), ctx.day(), ctx.rng.random()
        incident = f"GS{ctx.rng.getrandbits(32):010d}"
        if roll < 0.3:
            yield ctx.event(c.WaterSupplyInterrupted, ctx.at(day), c.WaterSupplyInterruptedData(
                person=ctx.person(p), interrupted_on=day, incident_id=incident, cause=ctx.rng.choice(CAUSES)))
        elif roll < 0.6:
            yield ctx.event(c.WaterSupplyRestored, ctx.at(day), c.WaterSupplyRestoredData(
                person=ctx.person(p), restored_on=day, incident_id=incident))
        else:
            yield ctx.event(c.WaterQualityTested, ctx.at(day), c.WaterQualityTestedData(
                person=ctx.person(p), sampled_on=day, sample_id=f"SY{ctx.rng.getrandbits(32):010d}",
                result="failed" if ctx.rng.random() < 0.1 else "passed"))
