"""The plain on/off factors, as the policy declares them (`raised_by`, `cleared_by`:
policy/effects.py): no code per department, so a new department needs none."""
from services.monitor.rules.model import FactorChange, Seen

# Per policy (by id, the policy kept so its id is not reused): event type -> the factors, in file
# order, with a trigger of that type, and those triggers. Every event otherwise tries every trigger.
_BY_TYPE: dict[int, tuple[object, dict[str, list[tuple[str, list, list]]]]] = {}


def declared(seen: Seen) -> list[FactorChange]:
    """For each factor of the policy in file order: raised when a `raised_by` trigger matches the
    event (with its amount), else cleared when a `cleared_by` trigger does."""
    changes = []
    for code, raised_by, cleared_by in _triggers_of(seen.policy).get(seen.event.type, ()):
        raised = next((t for t in raised_by if t.matches(seen.event)), None)
        if raised is not None:
            changes.append(seen.on(code, raised.amount_of(seen.event)))
        elif any(t.matches(seen.event) for t in cleared_by):
            changes.append(seen.off(code))
    return changes


def _triggers_of(policy) -> dict[str, list[tuple[str, list, list]]]:
    kept = _BY_TYPE.get(id(policy))
    if kept is not None and kept[0] is policy:
        return kept[1]
    index: dict[str, list[tuple[str, list, list]]] = {}
    for code, rule in policy.factors.items():
        for event_type in dict.fromkeys(t.event for t in (*rule.raised_by, *rule.cleared_by)):
            index.setdefault(event_type, []).append((code, [t for t in rule.raised_by if t.event == event_type],
                                                     [t for t in rule.cleared_by if t.event == event_type]))
    if len(_BY_TYPE) >= 16:  # a test session loads many policies; a monitor one
        _BY_TYPE.clear()
    _BY_TYPE[id(policy)] = (policy, index)
    return index
