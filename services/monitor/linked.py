"""Use case: apply the effect of events linked to registry people (DESIGN.md sections 5-7):
record them, load their households' state, decide (services/monitor/assessing.py), write."""
import json

from services.monitor.assessing import Effects, decide
from services.monitor.db_household_events import Bill, HouseholdEventRow
from services.monitor.household_events import BILL, amount_of, by_household, household_of
from services.monitor.linking import People
from services.monitor.policy import Policy
from services.monitor.ports import BatchStore
from services.monitor.records import Decoded


def event_rows(linked: list[Decoded], members: People) -> list[HouseholdEventRow]:
    return [HouseholdEventRow(x.event.id, household_of(x, members), members[x.person_ref][0].resident_id,
                              x.department, x.event.type, x.event.time, amount_of(x.event), x.link.method,
                              x.link.score, json.dumps(x.link.compared_fields, ensure_ascii=False),
                              x.event.model_dump_json()) for x in linked]


async def assess_linked(store: BatchStore, linked: list[Decoded], members: People, policy: Policy) -> Effects:
    """`members` by Decoded.person_ref. The events are recorded before the medical burden is summed,
    so a bill counts in its own window. Returns the effects written (their messages not yet sent)."""
    groups = by_household(linked, members)
    ids = sorted(groups)
    await store.lock_households(ids)
    await store.insert_household_events(event_rows(linked, members))
    bills = [Bill(x.event.id, household_of(x, members), x.event.time) for x in linked if x.event.type == BILL]
    burdens = await store.medical_burdens(bills, BILL, int(policy.medical.window_days.value))
    effects = decide(groups, members, await store.household_states(ids), burdens, policy)
    await store.upsert_factors(effects.factor_rows)
    await store.insert_alerts(effects.alerts)
    await store.open_visits(effects.alerts)  # each alert opens the cadres' verification visit
    await store.record_assessments(effects.reassessed, policy.version)
    await store.insert_tasks(effects.tasks)
    return effects
