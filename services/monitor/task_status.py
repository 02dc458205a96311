"""Use case: apply the departments' task status events (TaskAcknowledged, TaskCompleted). A task
completed now clears or lowers its factor (services/monitor/outcomes.py) and its household is
re-assessed. The department must own the task; the cadres' verification tasks are settled only
through the operator API."""
from services.monitor.outcomes import reassess
from services.monitor.policy import Policy
from services.monitor.ports import BatchStore
from services.monitor.records import Decoded
from services.monitor.task_reports import as_rows, outcomes_by_household


async def apply_task_status(store: BatchStore, status: list[Decoded], policy: Policy) -> set[str]:
    """Returns the task IDs that exist for their department (updated, or already past that state)."""
    acks, completions = as_rows(status)
    known = await store.known_tasks([(r.task_id, r.department) for r in [*acks, *completions]])
    await store.acknowledge(acks, known)
    todo = outcomes_by_household(await store.complete(completions, known))
    if todo:
        ids = sorted(todo)
        await store.lock_households(ids)
        factor_rows, found = reassess(await store.load_factors(ids), todo, policy)
        await store.upsert_factors(factor_rows)
        await store.record_assessments(found, policy.version)
    return known
