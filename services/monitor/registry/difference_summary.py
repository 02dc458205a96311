"""The counts of one difference (DifferenceSummary). Pure; counts only, never an ID or a name."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import difference_kinds as k

LINE_FIELDS = ("households_added", "households_left", "members_added", "members_removed", "members_moved",
               "households_changed")


@dataclass(frozen=True, slots=True)
class DifferenceSummary:
    """What a newer export changes (or, with dry_run, would change).

    households_added: new households and returned ones (left before, listed again);
    households_left: registered households of the export's counties missing from it;
    members_added: births, marriages and members listed again; members_removed: deaths and members
    no longer listed; members_moved: members listed under another household (splits, merges);
    households_changed: households in both the registry and the export (neither added nor left)
    with any change: their own columns (income, category, declared members ...) or a member
    added, removed, moved in or out or changed (labour, schooling, health ...).
    members_changed and income_changed are extra, outside line()."""

    households_added: int = 0
    households_left: int = 0
    members_added: int = 0
    members_removed: int = 0
    members_moved: int = 0
    households_changed: int = 0
    members_changed: int = 0
    income_changed: int = 0

    def line(self) -> str:
        """`households_added=A households_left=L members_added=M members_removed=R members_moved=V
        households_changed=C` (the agreed summary line)."""
        return " ".join(f"{name}={getattr(self, name)}" for name in LINE_FIELDS)


def summarise(households: Mapping[str, tuple[str, tuple[str, ...]]],
              persons: Iterable[tuple[str, k.PersonFacts]]) -> DifferenceSummary:
    """`households`: household ID -> (kind, changed columns); `persons`: (kind, facts) pairs."""
    count = {kind: 0 for kind in (k.MEMBER_ADDED, k.MEMBER_RETURNED, k.MEMBER_DIED, k.MEMBER_LEFT,
                                  k.MEMBER_MOVED, k.MEMBER_CHANGED)}
    touched = {hid for hid, (kind, _) in households.items() if kind == k.HOUSEHOLD_CHANGED}
    for kind, facts in persons:
        count[kind] += 1
        touched.update(k.households_touched(kind, facts))
    added_or_left = {hid for hid, (kind, _) in households.items() if kind != k.HOUSEHOLD_CHANGED}
    kinds = [kind for kind, _ in households.values()]
    return DifferenceSummary(
        households_added=kinds.count(k.HOUSEHOLD_ADDED) + kinds.count(k.HOUSEHOLD_RETURNED),
        households_left=kinds.count(k.HOUSEHOLD_LEFT),
        members_added=count[k.MEMBER_ADDED] + count[k.MEMBER_RETURNED],
        members_removed=count[k.MEMBER_DIED] + count[k.MEMBER_LEFT],
        members_moved=count[k.MEMBER_MOVED],
        households_changed=len(touched - added_or_left),
        members_changed=count[k.MEMBER_CHANGED],
        income_changed=sum(1 for kind, changed in households.values()
                           if kind == k.HOUSEHOLD_CHANGED and "income_per_capita_yuan" in changed))
