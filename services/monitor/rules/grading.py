"""Four-colour grading (四色预警) of a household's active factors. Pure: no I/O.
The colours and counts are the policy's own triage: no document sets a colour scale."""
from services.monitor.policy import Policy
from services.monitor.rules.model import Assessment, Factor

LEVELS = ("green", "yellow", "orange", "red")
ZH_LEVELS = {"green": "绿色", "yellow": "黄色", "orange": "橙色", "red": "红色"}


def assess(factors: list[Factor], policy: Policy) -> Assessment:
    """Grade active factors: the worst colour wins; N orange make red, M yellow make orange.

    Source of the counts: policy.escalation. Each factor reads as its policy `explain` says.
    Green when nothing is active.
    """
    ordered = tuple(sorted(factors, key=lambda f: (-LEVELS.index(f.level), f.code)))
    level = ordered[0].level if ordered else "green"
    counts = {lvl: sum(f.level == lvl for f in ordered) for lvl in LEVELS}
    escalations: list[str] = []
    if counts["yellow"] >= policy.escalation.yellow_count_makes_orange.value and LEVELS.index(level) < 2:
        level = "orange"
        escalations.append("yellow_to_orange")
    if counts["orange"] >= policy.escalation.orange_count_makes_red.value and LEVELS.index(level) < 3:
        level = "red"
        escalations.append("orange_to_red")
    explain = {f.code: policy.factors[f.code].explain for f in ordered}
    zh = "；".join(f"{explain[f.code].zh}（{ZH_LEVELS[f.level]}）" for f in ordered) or "无风险因素"
    en = "; ".join(f"{explain[f.code].en} ({f.level})" for f in ordered) or "no active risk factor"
    if escalations:
        zh += f"。多项因素叠加，升级为{ZH_LEVELS[level]}"
        en += f". Several factors together raise the level to {level}"
    return Assessment(level, ordered, zh, en, tuple(escalations))


def worse(a: str, b: str) -> bool:
    """True when level a is more severe than level b."""
    return LEVELS.index(a) > LEVELS.index(b)
