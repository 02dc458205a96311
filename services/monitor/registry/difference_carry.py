"""What follows a member who moved to another household (a split or a merge). Pure.

- His active factors (monitor.factors rows with his resident ID) go to the new household. There a
  factor of the same code that is active already stays (it is the household's), and takes his
  evidence; an inactive one is replaced by his. In the old household his factor stays on record,
  inactive: rows are never deleted (DESIGN.md section 6).
- His open department tasks are those answering a factor that went along; they go along too. If
  the new household has an open task of that type already (one per type and household: migration
  007), his is completed as `superseded` instead. The cadres' verification visits belong to the
  alert, and alerts stay with the household they were raised for: the household was assessed so.
Moves are taken in resident ID order, each seeing the state the earlier ones left.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from services.monitor.factor_state import MAX_EVIDENCE, FactorRow, FactorState, changed_rows
from services.monitor.verification import TASK_TYPE as VERIFICATION


class Move(NamedTuple):
    resident_id: str
    old_household: str
    new_household: str


class OpenTask(NamedTuple):
    task_id: str
    household_id: str
    task_type: str
    factor_code: str | None


@dataclass
class Carried:
    """factor_rows: monitor.factors rows to write; task_moves: (task_id, new household);
    superseded: task IDs to complete; by_member: resident ID -> what went along (history)."""

    factor_rows: list[FactorRow] = field(default_factory=list)
    task_moves: list[tuple[str, str]] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    by_member: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def carry(moves: list[Move], factors: dict[str, dict[str, FactorState]], tasks: list[OpenTask]) -> Carried:
    """`factors`: the state of every household a move touches (db_factors.load_factors);
    `tasks`: their open tasks. The inputs are not modified."""
    state = {h: dict(f) for h, f in factors.items()}
    open_types = {(t.household_id, t.task_type) for t in tasks if t.task_type != VERIFICATION}
    origin = {t.task_id: t.household_id for t in tasks}
    where = dict(origin)
    out = Carried()
    for move in sorted(moves):
        codes = _carry_factors(move, state)
        moved, superseded = [], []
        for t in sorted(tasks):
            if where[t.task_id] != move.old_household or t.task_type == VERIFICATION or t.factor_code not in codes:
                continue
            open_types.discard((move.old_household, t.task_type))
            if (move.new_household, t.task_type) in open_types:
                superseded.append(t.task_id)
                where[t.task_id] = ""  # completed: follows nobody any more
                continue
            open_types.add((move.new_household, t.task_type))
            where[t.task_id] = move.new_household
            moved.append(t.task_id)
        out.superseded += superseded
        out.by_member[move.resident_id] = {"factors": codes, "tasks": moved, "tasks_superseded": superseded}
    out.task_moves = sorted((task_id, h) for task_id, h in where.items() if h and h != origin[task_id])
    for household_id in sorted(state):
        out.factor_rows += changed_rows(household_id, factors.get(household_id, {}), state[household_id])
    return out


def _carry_factors(move: Move, state: dict[str, dict[str, FactorState]]) -> list[str]:
    """Move the member's active factors in `state`; returns their codes."""
    old, new = state.setdefault(move.old_household, {}), state.setdefault(move.new_household, {})
    codes = sorted(code for code, f in old.items() if f.active and f.resident_id == move.resident_id)
    for code in codes:
        mine, there = old[code], new.get(code)
        new[code] = merged(mine, there)
        old[code] = replace(mine, active=False, amount_yuan=None)
    return codes


def merged(mine: FactorState, there: FactorState | None) -> FactorState:
    """The new household's factor once the member's is added to it. The latest change time of the two
    is kept, so an older event arriving late is still ignored (factor_state.apply_changes)."""
    if there is None:
        return mine
    latest = max(mine.changed_at, there.changed_at)
    if not there.active:
        return replace(mine, changed_at=latest)
    evidence = tuple(dict.fromkeys(there.evidence_event_ids + mine.evidence_event_ids))[-MAX_EVIDENCE:]
    return replace(there, evidence_event_ids=evidence, changed_at=latest)
