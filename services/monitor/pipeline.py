"""One batch of Kafka records -> one PostgreSQL transaction (DESIGN.md sections 7 and 10).

Dedup, matching, factor changes, assessment, alerts, tasks and the outbox messages all
commit together; the consumer commits Kafka offsets only after this returns.
"""
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

import asyncpg

from services.employment.contracts import JobLost
from services.health_insurance.contracts import HospitalBillSettled
from services.monitor import held
from services.monitor import households as hh
from services.monitor import lifecycle
from services.monitor import messages, repository as repo
from services.monitor.decode import Decoded, Rejected, decode
from services.monitor.matching import MatchResult, match_batch
from services.monitor.outcomes import Reassessment
from services.monitor.policy import Policy
from services.monitor.rules import assess, observe, worse
from shared.contracts import monitor as m
from shared.deadletter import dead_letter
from shared.keys import person_key
from shared.outbox import OutboxMessage, enqueue

BILL = "cn.kashgar.health_insurance.hospital_bill_settled.v1"


@dataclass
class BatchResult:
    # Per record exactly one of linked, unmatched, dead_lettered, duplicate, task_status; plus alerts, tasks,
    # and per unmatched record one held_<kind> (services/monitor/held.py).
    counts: Counter = field(default_factory=Counter)
    alerts: list[m.AlertRaisedData] = field(default_factory=list)


def _amount(event):
    match event:
        case HospitalBillSettled():
            return event.data.personal_burden_yuan
        case JobLost():
            return event.data.monthly_wage_yuan
    return None


REUSED_ID = "event id already used for different content (CloudEvents ids are unique per source)"


def _fingerprint(x: Decoded) -> bytes:
    """SHA-256 of the validated event in canonical form: the same event re-sent is a duplicate,
    a different event under the same ID is refused."""
    return hashlib.sha256(x.event.model_dump_json().encode()).digest()


async def process_batch(conn: asyncpg.Connection, records: list, policy: Policy, key_secret: str) -> BatchResult:
    """Process records inside the caller's transaction. Raises only on database errors."""
    result, out = BatchResult(), []
    rejected: list[Rejected] = []
    first: dict[str, tuple[Decoded, bytes]] = {}
    for item in map(decode, records):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        fp = _fingerprint(item)
        if item.event.id not in first:
            first[item.event.id] = (item, fp)
        elif first[item.event.id][1] == fp:
            result.counts["duplicate"] += 1
        else:
            rejected.append(Rejected(item.record, REUSED_ID))

    done = await repo.already_processed(conn, event_ids=list(first))
    fresh: list[tuple[Decoded, bytes]] = []
    for event_id, (item, fp) in first.items():
        if event_id not in done:
            fresh.append((item, fp))
        elif done[event_id] == fp:
            result.counts["duplicate"] += 1
        else:
            rejected.append(Rejected(item.record, REUSED_ID))
    fingerprint = {x.event.id: fp for x, fp in fresh}
    status = [x for x, _ in fresh if x.is_task_status]
    events = [x for x, _ in fresh if not x.is_task_status]

    known_tasks = await _apply_task_status(conn, status, policy)
    for x in [x for x in status if x.event.data.task_id not in known_tasks]:
        rejected.append(Rejected(x.record, f"no task {x.event.data.task_id} assigned to {x.department}"))
    status = [x for x in status if x.event.data.task_id in known_tasks]
    result.counts["task_status"] += len(status)

    members, linked, unmatched, refused, decisions = await _match(conn, events)
    rejected += refused
    out += await _record_unmatched(conn, unmatched, key_secret, decisions, policy.region, result.counts)
    result.counts["unmatched"] += len(unmatched)
    result.counts["linked"] += len(linked)
    if linked:
        out += await _assess_linked(conn, linked, members, policy, result)

    out += [dead_letter(r.record, r.reason, messages.SOURCE) for r in rejected]
    await repo.record_dead_letters(conn, rows=[repo.DeadLetterRow(r.record.topic, r.record.partition, r.record.offset, r.reason)
                                               for r in rejected])
    result.counts["dead_lettered"] += len(rejected)
    await repo.mark_processed(conn, rows=[repo.ProcessedRow(x.event.id, x.record.topic, outcome, fingerprint[x.event.id])
                                          for group, outcome in ((status, "task_status"), (unmatched, "unmatched"),
                                                                 (linked, "linked"))
                                          for x in group])
    await enqueue(conn, "monitor", out)
    return result


async def _apply_task_status(conn: asyncpg.Connection, status: list[Decoded], policy: Policy) -> set[str]:
    acks, completions = [], []
    for x in status:
        e = x.event
        if isinstance(e, m.TaskAcknowledged):
            acks.append((e.data.task_id, e.data.department, e.data.acknowledged_by, e.time))
        else:
            completions.append((e.data.task_id, e.data.department, e.data.completed_by, e.time, e.data.outcome,
                                json.dumps(e.data.measures, ensure_ascii=False), e.data.amount_yuan, e.id))
    return await repo.apply_task_status(conn, acknowledged=acks, completed=completions, policy=policy)


async def _match(conn: asyncpg.Connection, events: list[Decoded]
                 ) -> tuple[dict, list[Decoded], list[Decoded], list[Rejected], dict[str, MatchResult]]:
    """Match every event's person to the registry (DESIGN.md section 4, services/monitor/matching):
    a resident ID found in the registry links (exact or normalised) unless name, gender and birth
    date say it is someone else, or fit another member of the owner's household as well or better
    (then review, or the other member when decisive); a missing, invalid or unknown ID goes to the
    probabilistic matcher, which links, sends to review with candidates, or finds nobody. Nobody
    found: a valid ID is held as unmatched (the person may be registered later); a missing or
    invalid one is dead-lettered with the reason, as the department must correct it.
    Returns (members keyed by Decoded.person_ref, linked with their Link, held, dead-lettered,
    decision per event ID). One query for the batch's IDs, one for blocking, one for the people
    the blocking found."""
    if not events:
        return {}, [], [], [], {}
    # One registry query serves both the matcher's ID lookup (with the members of the households
    # found, whom the matcher compares too) and the rules' member data.
    rows = await repo.fetch_households_of(conn, resident_ids=sorted({x.resident_id.value for x in events
                                                                     if x.resident_id}))
    results = await match_batch(conn, [x.event.data.person for x in events], known=rows)
    found = repo.members_of(rows)
    elsewhere = sorted({r.resident_id for r in results if r.band == "link" and r.resident_id not in found})
    found |= await repo.find_members(conn, resident_ids=elsewhere)  # people linked by the probabilistic path
    members, linked, held, refused = {}, [], [], []
    for x, r in zip(events, results):
        if r.band == "link" and r.resident_id in found:
            members[x.person_ref] = found[r.resident_id]
            score = Decimal(f"{r.score:.3f}") if r.score is not None else None
            linked.append(replace(x, link=m.Link(method=r.method, score=score, compared_fields=r.link_fields())))
        elif r.band == "reject" and x.id_problem is not None:
            refused.append(Rejected(x.record, f"{x.id_problem}; {_nobody_found(x)} ({r.reason})"))
        else:
            held.append(x)
    return members, linked, held, refused, {x.event.id: r for x, r in zip(events, results)}


def _nobody_found(x: Decoded) -> str:
    if not x.event.data.person.village_code:
        # Blocking searches a village (or county) for people like this one: without a village code
        # and a usable ID there is nowhere to search.
        return "no village_code to search the registry by; send the person's village or a valid ID"
    return "no registry person in or near that village matches its name, gender and birth date"


#: Why an event whose resident ID is in the registry waits for review (MatchResult.reason).
ID_HIT_REVIEW = {
    "id_contradicted": "the resident ID is in the registry but name, gender and birth date point to someone else",
    "id_relative": "the resident ID is in the registry but another member of its owner's household fits the "
                   "name, gender and birth date as well or better (a relative's ID typed on the record?)",
    "id_name_differs": "the resident ID is in the registry but its owner's name differs beyond a transliteration "
                       "variant (a relative's ID typed on the record?)",
    "id_gender_differs": "the resident ID is in the registry but its owner's sex differs from the record's",
    "id_birth_date_differs": "the resident ID is in the registry but its owner's birth date differs from the "
                             "record's",
    "id_truncated:below_link": "the resident ID ends in 000 as after a spreadsheet stored it as a number; "
                               "name, gender and birth date do not confirm its owner",
}


def _held_reason(x: Decoded, result: MatchResult | None, region: str) -> str:
    if result is not None and result.band == "review":
        why = (ID_HIT_REVIEW.get(result.reason) or x.id_problem or held.outside_region(x.resident_id, region)
               or "resident ID is not in the registry")
        return f"{why}; probable match {held.NEEDS_REVIEW} ({result.reason})"
    return held.outside_region(x.resident_id, region) or "resident ID is valid but not in the household registry"


def _county_code(x: Decoded) -> str | None:
    """For routing the unmatched notice: from the ID when usable, else from the village code."""
    if x.resident_id is not None:
        return x.resident_id.county_code
    village = x.event.data.person.village_code
    return village[:6] if village and len(village) >= 6 and village[:6].isdigit() else None


def _candidates_json(result: MatchResult | None) -> str:
    cands = result.candidates if result is not None else ()
    return json.dumps([{"resident_id": c.resident_id, "household_id": c.household_id, "score": round(c.score, 3),
                        "compared_fields": {k: [lvl, round(w, 2)] for k, (lvl, w) in c.compared_fields.items()}}
                       for c in cands])


async def _record_unmatched(conn: asyncpg.Connection, unmatched: list[Decoded], key_secret: str,
                            decisions: dict[str, MatchResult], region: str, counts: Counter) -> list[OutboxMessage]:
    reasons = {x.event.id: _held_reason(x, decisions.get(x.event.id), region) for x in unmatched}
    counts.update(f"held_{held.kind(r)}" for r in reasons.values())
    await repo.insert_unmatched(conn, rows=[repo.UnmatchedRow(x.event.id, x.record.topic, x.event.type, reasons[x.event.id],
                                             x.event.model_dump_json(), _candidates_json(decisions.get(x.event.id)))
                                            for x in unmatched])
    return [messages.unmatched(x.event, x.record.topic, reasons[x.event.id],
                               person_key(x.event.data.person.resident_id, key_secret), _county_code(x))
            for x in unmatched]


async def _assess_linked(conn, linked: list[Decoded], members: dict, policy: Policy,
                         result: BatchResult) -> list[OutboxMessage]:
    by_household: dict[str, list[Decoded]] = defaultdict(list)
    for x in linked:
        by_household[members[x.person_ref][1].household_id].append(x)
    ids = sorted(by_household)
    await repo.lock_households(conn, household_ids=ids)
    links = {x.event.id: x.link for x in linked}
    await repo.insert_household_events(conn, rows=[
        repo.HouseholdEventRow(x.event.id, members[x.person_ref][1].household_id, members[x.person_ref][0].resident_id,
         x.department, x.event.type, x.event.time, _amount(x.event), links[x.event.id].method,
         links[x.event.id].score, json.dumps(links[x.event.id].compared_fields, ensure_ascii=False),
         x.event.model_dump_json()) for x in linked])
    burdens = await repo.medical_burden_in_window(
        conn, bills=[(x.event.id, members[x.person_ref][1].household_id, x.event.time)
                     for x in linked if x.event.type == BILL],
        event_type=BILL, window_days=int(policy.medical.window_days.value))
    state = await repo.load_factors(conn, household_ids=ids)
    alerts_open = await repo.open_alerts(conn, household_ids=ids)
    tasks_open: dict[str, set[str]] = defaultdict(set)  # grouped once: scanning per household is quadratic
    for h, task_type in await repo.open_task_types(conn, household_ids=ids):
        tasks_open[h].add(task_type)

    out, factor_rows, new_alerts, new_tasks, reassessed = [], [], [], [], []
    for hid in ids:
        batch = sorted(by_household[hid], key=lambda x: (x.event.time, x.event.id))
        household = members[batch[0].person_ref][1]
        changes = [c for x in batch for c in observe(x.event, members[x.person_ref][0], household, policy,
                                                      burdens.get(x.event.id))]
        before = state[hid]
        after = hh.apply_changes(before, changes, policy)
        factor_rows += hh.changed_rows(hid, before, after)
        trigger = batch[-1]
        now = assess(hh.active(after, policy, trigger.event.time), policy)
        open_alert = alerts_open.get(hid)
        alert_id = open_alert["alert_id"] if open_alert else None
        if open_alert is not None and now.level != open_alert["level"] and not worse(now.level, open_alert["level"]):
            # The open case's household got better (a job started, a renovation): its alert shows the
            # level now, so that getting worse again raises a new alert.
            reassessed.append(Reassessment(hid, alert_id, trigger.event.time, trigger.event.id,
                                           tuple(x.event.id for x in batch), now, cause="event"))
        if now.level != "green" and (open_alert is None or worse(now.level, open_alert["level"])):
            alert = m.AlertRaisedData(
                alert_id=messages.stable_id("alert", hid, trigger.event.id), household_id=hid,
                county_code=household.county_code, level=now.level,
                factors=[m.ActiveFactor(code=f.code, level=f.level, risk_type=f.risk_type,
                                        evidence_event_ids=list(f.evidence_event_ids), amount_yuan=f.amount_yuan)
                         for f in now.factors],
                policy_version=policy.version, explanation_zh=now.explanation_zh,
                explanation_en=now.explanation_en, link=trigger.link)
            alert_id = alert.alert_id
            due = lifecycle.verification_due(trigger.event.time.astimezone(hh.LOCAL_TZ).date(), policy)
            new_alerts.append((alert, trigger.event.time, due))
            out.append(messages.alert(alert, trigger.event.time))
            result.alerts.append(alert)
        for t in hh.planned_tasks(before, after, tasks_open[hid], policy,
                                  as_of=trigger.event.time):
            source = next(x for x in batch if x.event.id == t.evidence_event_ids[-1])
            # The registry's ID: for a manual or probabilistic link it differs from what the department sent.
            person = source.event.data.person.model_copy(
                update={"resident_id": members[source.person_ref][0].resident_id})
            task = m.AssistanceTaskAssignedData(
                task_id=messages.stable_id("task", hid, t.task_type, source.event.id), alert_id=alert_id,
                household_id=hid, department=t.department, task_type=t.task_type, factor_code=t.factor_code,
                due_date=t.due_date, person=person, evidence_event_ids=list(t.evidence_event_ids))
            new_tasks.append(task)
            out.append(messages.task(task, source.event.time))
    await repo.upsert_factors(conn, rows=factor_rows)
    await repo.insert_alerts(conn, alerts=new_alerts)
    await repo.record_assessments(conn, found=reassessed, policy_version=policy.version)
    await repo.insert_tasks(conn, tasks=new_tasks)
    result.counts["alerts"] += len(new_alerts)
    result.counts["tasks"] += len(new_tasks)
    return out


async def apply_review_link(conn: asyncpg.Connection, decoded: Decoded, member_resident_id: str,
                            policy: Policy) -> BatchResult:
    """An operator linked a held event to a registry person: apply its effect as if it had matched
    at first (same factors, alert and tasks), inside the caller's transaction."""
    members = await repo.find_members(conn, resident_ids=[member_resident_id])
    if member_resident_id not in members:
        raise LookupError("no such person in the registry")
    members = {decoded.person_ref: members[member_resident_id]}
    result = BatchResult()
    out = await _assess_linked(conn, [decoded], members, policy, result)
    await enqueue(conn, "monitor", out)
    result.counts["linked"] += 1
    return result
