"""Factor method (因素法) and four-colour grading. Pure: no I/O.

Which risks are monitored: the Kashgar plan, chapter 4 sections 2, 3 and 5 (each factor cites
its phrase in the policy file). `observe` turns one department event into factor changes for a
household: the conditional rules (conditional.py) and the policy's declared on/off effects
(declared.py); `assess` grades the household's active factors (grading.py).
"""
from decimal import Decimal

from services.monitor.policy import Policy, load_policy
from services.monitor.rules.conditional import MEDICAL_FACTORS, age_on, computed, income_after_job_loss, medical_burden
from services.monitor.rules.declared import declared
from services.monitor.rules.grading import LEVELS, assess, worse
from services.monitor.rules.model import Assessment, Factor, FactorChange, Household, Member, Seen

__all__ = ["LEVELS", "MEDICAL_FACTORS", "EXPLAIN", "Assessment", "Factor", "FactorChange", "Household", "Member",
           "age_on", "assess", "income_after_job_loss", "observe", "restate_burden", "worse"]



def __getattr__(name: str):
    """`EXPLAIN`: factor code -> (zh, en) explanation, as the default policy file words it
    (`explain`). Read when first asked for, never at import: a monitor started with another
    MONITOR_POLICY, or with an invalid default, reports its policy's problems itself."""
    if name == "EXPLAIN":
        return {code: (rule.explain.zh, rule.explain.en) for code, rule in load_policy().factors.items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def observe(event, member: Member, household: Household, policy: Policy,
            medical_burden_window_yuan: Decimal | None = None) -> list[FactorChange]:
    """Factor changes caused by one validated department event.

    `medical_burden_window_yuan` is the household's person's-total-burden (个人负担总金额)
    summed over the policy window ending at this bill, including it; required for bills
    (ValueError without it).
    """
    seen = Seen(event, member, household, policy, medical_burden_window_yuan)
    return computed(seen) + declared(seen)


def restate_burden(bill, member: Member, household: Household, policy: Policy,
                   medical_burden_window_yuan: Decimal) -> list[FactorChange]:
    """The medical factor changes of a hospital bill assessed before, with its burden summed again
    over the window ending at it (a late bill, earlier in business time, arrived since): the same
    changes as at its own time, so the factor ends as if the bills had come in business-time order."""
    return medical_burden(Seen(bill, member, household, policy, medical_burden_window_yuan))
