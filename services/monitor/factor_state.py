"""A household's risk factors (monitor.factors) and how events change them. Pure.

Business time decides, not arrival order (DESIGN.md section 7)."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from services.monitor.policy import Policy
from services.monitor.rules import Factor, FactorChange

MAX_EVIDENCE = 20


@dataclass(frozen=True)
class FactorState:
    code: str
    level: str
    risk_type: str
    active: bool
    resident_id: str
    evidence_event_ids: tuple[str, ...]
    amount_yuan: Decimal | None
    changed_at: datetime

    def as_factor(self) -> Factor:
        return Factor(self.code, self.level, self.risk_type, self.evidence_event_ids, self.resident_id, self.amount_yuan)


def apply_changes(state: dict[str, FactorState], changes: list[FactorChange], policy: Policy) -> dict[str, FactorState]:
    """New factor state; a change older (business time) than the factor's last change is ignored,
    so events arriving out of order end in the same state as in order."""
    new = dict(state)
    for c in sorted(changes, key=lambda c: (c.at, c.evidence_event_id)):
        old = new.get(c.code)
        # Ties in business time break on event ID, the same order a single batch sorts by.
        if old is not None and (c.at, c.evidence_event_id) < (old.changed_at, old.evidence_event_ids[-1]):
            continue
        # A clear is recorded even when nothing was set yet: an older activation that arrives
        # later must then be ignored, as it would have been in business-time order.
        rule = policy.factors[c.code]
        kept = old.evidence_event_ids if (old is not None and old.active and c.active) else ()
        evidence = (kept + (c.evidence_event_id,))[-MAX_EVIDENCE:] if c.evidence_event_id not in kept else kept
        new[c.code] = FactorState(c.code, rule.level, rule.risk_type, c.active, c.resident_id, evidence,
                                  c.amount_yuan if c.active else None, c.at)
    return new


def active(state: dict[str, FactorState], policy: Policy, as_of: datetime | None = None) -> list[Factor]:
    """Active factors that have not lapsed by business time `as_of` (policy expires_after_days)."""
    def lapsed(s: FactorState) -> bool:
        days = policy.factors[s.code].expires_after_days
        return as_of is not None and days is not None and s.changed_at + timedelta(days=days) < as_of

    return [s.as_factor() for s in state.values() if s.active and not lapsed(s)]


class FactorRow(NamedTuple):
    """A row of monitor.factors, in its column order (db_factors.upsert_factors)."""

    household_id: str
    code: str
    level: str
    risk_type: str
    active: bool
    resident_id: str
    evidence_event_ids: list[str]
    amount_yuan: Decimal | None
    changed_at: datetime


def changed_rows(household_id: str, before: dict[str, FactorState], after: dict[str, FactorState]) -> list[FactorRow]:
    """The factor rows of `after` that differ from `before`."""
    return [FactorRow(household_id, s.code, s.level, s.risk_type, s.active, s.resident_id, list(s.evidence_event_ids),
             s.amount_yuan, s.changed_at) for code, s in after.items() if before.get(code) != s]
