"""The plain on/off factors, as the policy declares them (`raised_by`, `cleared_by`:
policy/effects.py): no code per department, so a new department needs none."""
from services.monitor.rules.model import FactorChange, Seen


def declared(seen: Seen) -> list[FactorChange]:
    """For each factor of the policy in file order: raised when a `raised_by` trigger matches the
    event (with its amount), else cleared when a `cleared_by` trigger does."""
    changes = []
    for code, rule in seen.policy.factors.items():
        raised = next((t for t in rule.raised_by if t.matches(seen.event)), None)
        if raised is not None:
            changes.append(seen.on(code, raised.amount_of(seen.event)))
        elif any(t.matches(seen.event) for t in rule.cleared_by):
            changes.append(seen.off(code))
    return changes
