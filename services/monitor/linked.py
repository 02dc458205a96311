"""Use case: apply the effect of events linked to registry people (DESIGN.md sections 5-7):
keep the registry current with their deaths and disabilities (issue 10 part 4), record them,
load their households' state, decide (services/monitor/assessing.py), write."""
import json
from dataclasses import replace

from services.civil_affairs.contracts import DeathRegistered
from services.health_insurance.contracts import HospitalBillSettled
from services.monitor import dedup
from services.monitor.assessing import Effects, decide
from services.monitor.db_household_events import Bill, HouseholdEventRow
from services.monitor.db_members import MemberUpdate
from services.monitor.household_events import BILL, amount_of, by_household, household_of
from services.monitor.linking import Matched, People
from services.monitor.member_state import registered_on
from services.monitor.policy import Policy
from services.monitor.ports import BatchStore
from services.monitor.records import Decoded
from services.monitor.registry_updates import keep_current
from services.monitor.rules.model import Member
from shared.resident_id import normalise


def event_rows(linked: list[Decoded], members: People) -> list[HouseholdEventRow]:
    return [HouseholdEventRow(x.event.id, household_of(x, members), members[x.person_ref][0].resident_id,
                              x.department, x.event.type, x.event.time, amount_of(x.event), x.link.method,
                              x.link.score, json.dumps(x.link.compared_fields, ensure_ascii=False),
                              x.event.model_dump_json(), dedup.source_key(x.event.source)) for x in linked]


def member_update(x: Decoded, after: Member, household_id: str) -> MemberUpdate:
    before = after.labour_before or (None, None)
    change = "deceased" if isinstance(x.event, DeathRegistered) else "disability"
    detail = {"able_to_work": after.able_to_work, "main_earner": after.main_earner,
              "deceased_on": after.deceased_on and after.deceased_on.isoformat(),
              "health_status": after.health_status, "disability_grade": after.disability_grade}
    return MemberUpdate(after.resident_id, after.able_to_work, after.main_earner, after.deceased_on,
                        after.health_status, after.disability_grade, before[0], before[1], after.labour_changed_on,
                        x.event.id, household_id, change, registered_on(x.event), x.event.time,
                        json.dumps(detail, ensure_ascii=False))


async def keep_registry_current(store: BatchStore, matched: Matched) -> tuple[Matched, list[Decoded]]:
    """Write what the linked deaths and disabilities change in the registry (registry_updates),
    hold for review the events about a person deceased before their date, and record the
    registrations that change nothing (a second one) without effect. Returns the batch with its
    members as they are now, and those recorded registrations (to mark processed as linked)."""
    current = keep_current(matched.linked, matched.members)
    if current.changed:  # all the batch's households, in assess_linked's order: two instances never deadlock
        await store.lock_households(sorted({household_of(x, current.members) for x in matched.linked}))
    await store.update_members([member_update(x, after, household_of(x, current.members))
                                for x, after in current.changed])
    await store.insert_household_events(event_rows(current.repeats, current.members))
    held = [x for x, _ in current.held]
    return replace(matched, members=current.members, linked=current.linked, held=matched.held + held,
                   held_reasons={**matched.held_reasons, **{x.event.id: r for x, r in current.held}}), current.repeats


async def later_bills(store: BatchStore, bills: list[Bill], members: People) -> tuple[dict[str, Decoded], People]:
    """By household: its latest bill of an earlier batch when later than this batch's bills (whose
    burden they change), as a Decoded of its registry person; and `members` with those people."""
    recorded = await store.later_recorded_bills(bills, BILL)
    missing = sorted({r.resident_id for r in recorded} - set(members))
    members = {**members, **(await store.find_members(missing) if missing else {})}
    # A person no longer in the registry: his bill is left as assessed.
    return {r.household_id: Decoded(None, "health_insurance", HospitalBillSettled.model_validate_json(r.payload_json),
                                    normalise(r.resident_id)) for r in recorded if r.resident_id in members}, members


async def assess_linked(store: BatchStore, linked: list[Decoded], members: People, policy: Policy) -> Effects:
    """`members` by Decoded.person_ref. The events are recorded before the medical burden is summed,
    so a bill counts in its own window. Returns the effects written (their messages not yet sent)."""
    groups = by_household(linked, members)
    ids = sorted(groups)
    await store.lock_households(ids)
    await store.insert_household_events(event_rows(linked, members))
    bills = [Bill(x.event.id, household_of(x, members), x.event.time) for x in linked if x.event.type == BILL]
    restated, members = await later_bills(store, bills, members)
    burdens = await store.medical_burdens(bills + [Bill(x.event.id, h, x.event.time) for h, x in restated.items()],
                                          BILL, int(policy.medical.window_days.value))
    effects = decide(groups, members, await store.household_states(ids), burdens, policy, restated)
    await store.upsert_factors(effects.factor_rows)
    await store.insert_alerts(effects.alerts)
    await store.open_visits(effects.alerts)  # each alert opens the cadres' verification visit
    await store.record_assessments(effects.reassessed, policy.version)
    await store.insert_tasks(effects.tasks)
    return effects
