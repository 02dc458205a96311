"""Alert lifecycle rules (DESIGN.md section 6). Pure: the API loads the facts and applies these.

raised -> verifying (cadre visit, 入户核实) -> confirmed as monitored household (纳入监测对象, with
category) or dismissed with a reason -> assisted -> risk_eliminated (风险消除) -> followed_up
(回头看 found it stable) or reopened (回退), which goes back to assisted.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.monitor.policy import Policy

TRANSITIONS: dict[str, frozenset[str]] = {
    "raised": frozenset({"verifying", "dismissed"}),
    "verifying": frozenset({"confirmed", "dismissed"}),
    "confirmed": frozenset({"assisted"}),
    "assisted": frozenset({"risk_eliminated"}),
    "risk_eliminated": frozenset({"followed_up", "reopened"}),
    "reopened": frozenset({"assisted"}),
    "dismissed": frozenset(),
    "followed_up": frozenset(),
}
CLOSED = ("dismissed", "followed_up")  # alert statuses that end a case
CATEGORIES = ("unstable_formerly_poor", "marginal", "sudden_hardship")  # 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户
INCOME_SHOCK_EVENTS = ("cn.kashgar.employment.job_lost.v1", "cn.kashgar.civil_affairs.subsistence_allowance_ended.v1")


class TransitionRefused(ValueError):
    """The transition is not allowed now; `reasons` say why, in Chinese and English."""

    def __init__(self, reasons: list[tuple[str, str]]):
        super().__init__("; ".join(en for _, en in reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class HouseholdFacts:
    income_per_capita_yuan: Decimal
    members_able_to_work: int
    active_factor_codes: frozenset[str]
    alert_factor_codes: frozenset[str]
    last_income_shock_at: datetime | None  # business time of the latest income-reducing event


def elimination_blockers(facts: HouseholdFacts, policy: Policy, now: datetime) -> list[tuple[str, str]]:
    """Unmet conditions for risk elimination (风险消除), as (zh, en) pairs; empty when it may proceed."""
    reasons = []
    if facts.members_able_to_work == 0:
        reasons.append(("家庭无劳动能力成员，继续纳入帮扶保障，不作风险消除",
                        "nobody in the household can work: it stays under support and is not eliminated"))
    if facts.income_per_capita_yuan < policy.line_yuan:
        reasons.append((f"人均纯收入 {facts.income_per_capita_yuan} 元低于监测线 {policy.line_yuan} 元",
                        f"per-capita income {facts.income_per_capita_yuan} yuan is below the line {policy.line_yuan}"))
    months = policy.lifecycle.income_stable_months.value
    if facts.last_income_shock_at is not None and facts.last_income_shock_at > now - timedelta(days=30 * months):
        reasons.append((f"收入稳定未满{months}个月", f"income has not been stable for {months} months"))
    broken = sorted(facts.active_factor_codes & policy.guarantee_factors)
    if broken:
        reasons.append(("两不愁三保障未全部保障：" + "、".join(broken),
                        "basic guarantees not secured: " + ", ".join(broken)))
    open_triggers = sorted(facts.alert_factor_codes & facts.active_factor_codes)
    if open_triggers:
        reasons.append(("触发风险因素尚未消除：" + "、".join(open_triggers),
                        "triggering factors not cleared: " + ", ".join(open_triggers)))
    return reasons


def check_transition(current: str, target: str, *, category: str | None, facts: HouseholdFacts | None,
                     policy: Policy, now: datetime) -> None:
    """Raises TransitionRefused unless `current -> target` is allowed now."""
    if target not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, ()))) or "none"
        raise TransitionRefused([(f"不能从 {current} 转为 {target}",
                                  f"cannot go from {current} to {target} (allowed: {allowed})")])
    if target != "confirmed" and category is not None:
        raise TransitionRefused([("只有纳入监测对象时才注明类别", f"a category is given only when confirming, not on {target}")])
    if target == "confirmed" and category not in CATEGORIES:
        raise TransitionRefused([("纳入监测对象须注明类别", f"confirming needs a category: one of {', '.join(CATEGORIES)}")])
    if target == "risk_eliminated":
        blockers = elimination_blockers(facts, policy, now)
        if blockers:
            raise TransitionRefused(blockers)


def follow_up_due(eliminated_on: date, policy: Policy) -> date:
    return eliminated_on + timedelta(days=policy.lifecycle.follow_up_after_days.value)


def verification_due(raised_on: date, policy: Policy) -> date:
    return raised_on + timedelta(days=policy.lifecycle.enrolment_deadline_days.value)
