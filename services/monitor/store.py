"""The batch use cases' protocol (services/monitor/ports.py) on PostgreSQL, inside the caller's
transaction: each method is one db_* function, or the few that load one state together."""
from collections import defaultdict
from collections.abc import Mapping, Sequence

import asyncpg

from services.monitor import (db_alerts, db_assessments, db_dead_letters, db_factors, db_household_events,
                              db_members, db_processed, db_registry, db_tasks, db_unmatched)
from services.monitor.assessing import HouseholdState, NewAlert
from services.monitor.matching import MatchResult, match_batch
from services.monitor.outcomes import Reassessment
from shared.outbox import OutboxMessage, enqueue


class PgStore:
    def __init__(self, conn: asyncpg.Connection):
        self.conn = conn

    async def already_processed(self, keys):
        return await db_processed.already_processed(self.conn, keys=keys)

    async def mark_processed(self, rows):
        await db_processed.mark_processed(self.conn, rows=rows)

    async def record_dead_letters(self, rows):
        await db_dead_letters.record_dead_letters(self.conn, rows=rows)

    async def enqueue(self, messages: Sequence[OutboxMessage]) -> None:
        await enqueue(self.conn, "monitor", messages)

    async def households_of(self, resident_ids):
        return await db_registry.fetch_households_of(self.conn, resident_ids=resident_ids)

    async def match(self, persons: Sequence, known: Mapping[str, Mapping]) -> list[MatchResult]:
        return await match_batch(self.conn, persons, known=known)

    async def find_members(self, resident_ids):
        return await db_registry.find_members(self.conn, resident_ids=resident_ids)

    async def insert_unmatched(self, rows):
        await db_unmatched.insert_unmatched(self.conn, rows=rows)

    async def lock_households(self, household_ids):
        await db_registry.lock_households(self.conn, household_ids=household_ids)

    async def update_members(self, rows):
        await db_members.update_members(self.conn, rows=rows)

    async def insert_household_events(self, rows):
        await db_household_events.insert_household_events(self.conn, rows=rows)

    async def medical_burdens(self, bills, event_type, window_days):
        return await db_household_events.medical_burden_in_window(self.conn, bills=bills, event_type=event_type,
                                                                  window_days=window_days)

    async def later_recorded_bills(self, bills, event_type):
        return await db_household_events.later_recorded_bills(self.conn, bills=bills, event_type=event_type)

    async def load_factors(self, household_ids):
        return await db_factors.load_factors(self.conn, household_ids=household_ids)

    async def household_states(self, household_ids: list[str]) -> dict[str, HouseholdState]:
        """Factors, open alert and open task types of each household: three round trips."""
        factors = await self.load_factors(household_ids)
        alerts = await db_alerts.open_alerts(self.conn, household_ids=household_ids)
        tasks: dict[str, set[str]] = defaultdict(set)  # grouped once: scanning per household is quadratic
        for h, task_type in await db_tasks.open_task_types(self.conn, household_ids=household_ids):
            tasks[h].add(task_type)
        return {h: HouseholdState(factors.get(h, {}), alerts.get(h), tasks[h]) for h in household_ids}

    async def upsert_factors(self, rows):
        await db_factors.upsert_factors(self.conn, rows=rows)

    async def insert_alerts(self, alerts: Sequence[NewAlert]) -> None:
        await db_alerts.insert_alerts(self.conn, alerts=alerts)

    async def open_visits(self, alerts: Sequence[NewAlert]) -> None:
        await db_tasks.open_visits(self.conn, alerts=alerts)

    async def record_assessments(self, found: Sequence[Reassessment], policy_version: str) -> None:
        await db_assessments.insert_assessments(self.conn, found=found, policy_version=policy_version)
        await db_alerts.show_assessed_levels(self.conn, found=found)

    async def insert_tasks(self, tasks):
        await db_tasks.insert_tasks(self.conn, tasks=tasks)

    async def known_tasks(self, keys):
        return await db_tasks.known_tasks(self.conn, keys=keys)

    async def acknowledge(self, acks, known):
        await db_tasks.acknowledge(self.conn, acks=acks, known=known)

    async def complete(self, completions, known):
        return await db_tasks.complete(self.conn, completions=completions, known=known)
