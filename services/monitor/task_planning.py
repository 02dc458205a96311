"""Which assistance tasks a household's factor changes call for (DESIGN.md section 6). Pure."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.monitor.factor_state import FactorState, active
from services.monitor.local_time import local_date
from services.monitor.policy import Policy


@dataclass(frozen=True)
class PlannedTask:
    factor_code: str
    department: str
    task_type: str
    due_date: date
    resident_id: str
    evidence_event_ids: tuple[str, ...]


def planned_tasks(before: dict[str, FactorState], after: dict[str, FactorState], open_task_types: set[str],
                  policy: Policy, as_of: datetime | None = None) -> list[PlannedTask]:
    """A task for each factor that became active and has not lapsed by business time `as_of` (an
    old event in a batch with much newer ones), unless a task of that kind is already open."""
    tasks, seen = [], set(open_task_types)
    current = {f.code for f in active(after, policy, as_of)}
    for code, s in sorted(after.items()):
        was_active = code in before and before[code].active
        rule = policy.factors[code]
        if code not in current or was_active or rule.department is None or rule.task_type in seen:
            continue
        seen.add(rule.task_type)
        due = local_date(s.changed_at + timedelta(days=rule.due_days))
        tasks.append(PlannedTask(code, rule.department, rule.task_type, due, s.resident_id, s.evidence_event_ids))
    return tasks
