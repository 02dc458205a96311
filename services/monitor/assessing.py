"""What a household's newly linked events cause (DESIGN.md sections 5-6): its factor changes, the
assessment, an alert when it got worse, the tasks its new factors call for, and the messages that
announce them. Pure: the state comes in, a plan of effects goes out."""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from services.monitor import lifecycle, messages
from services.monitor.announcements import alert_data, task_data
from services.monitor.factor_state import FactorRow, FactorState, active, apply_changes, changed_rows
from services.monitor.linking import People
from services.monitor.local_time import local_date
from services.monitor.member_state import as_of, fact_date
from services.monitor.outcomes import Reassessment
from services.monitor.policy import Policy
from services.monitor.records import Decoded
from services.monitor.rules import Assessment, assess, observe, restate_burden, worse
from services.monitor.task_planning import planned_tasks
from shared.contracts import monitor as m
from shared.outbox import OutboxMessage


class OpenAlert(NamedTuple):
    alert_id: str
    level: str  # as last assessed on it, else as raised


class NewAlert(NamedTuple):
    data: m.AlertRaisedData
    business_time: datetime  # of the event that raised it
    verification_due: date  # the cadres' visit (services/monitor/verification.py)


@dataclass
class HouseholdState:
    """What the decision needs of a household's stored state."""

    factors: dict[str, FactorState] = field(default_factory=dict)
    open_alert: OpenAlert | None = None
    open_task_types: set[str] = field(default_factory=set)


@dataclass
class Effects:
    """What to write and announce, in the order the messages go out."""

    factor_rows: list[FactorRow] = field(default_factory=list)
    alerts: list[NewAlert] = field(default_factory=list)
    reassessed: list[Reassessment] = field(default_factory=list)
    tasks: list[m.AssistanceTaskAssignedData] = field(default_factory=list)
    messages: list[OutboxMessage] = field(default_factory=list)

    def add(self, other: "Effects") -> None:
        for name in ("factor_rows", "alerts", "reassessed", "tasks", "messages"):
            getattr(self, name).extend(getattr(other, name))


def decide(groups: dict[str, list[Decoded]], members: People, states: dict[str, HouseholdState],
           burdens: dict[str, object], policy: Policy, restated: dict[str, Decoded] | None = None) -> Effects:
    """Effects of every household's events (`groups`: by_household), households in ID order.
    `burdens`: the household's medical burden in the policy window, by bill event ID.
    `restated`: by household, its latest bill of an earlier batch when this batch brings earlier
    (late) bills: its burden (in `burdens`) is summed again with them."""
    out, restated = Effects(), restated or {}
    for hid in sorted(groups):
        out.add(decide_household(hid, groups[hid], members, states.get(hid) or HouseholdState(), burdens, policy,
                                 restated.get(hid)))
    return out


def decide_household(hid: str, batch: list[Decoded], members: People, state: HouseholdState,
                     burdens: dict[str, object], policy: Policy, restated: Decoded | None = None) -> Effects:
    """`batch`: the household's events in business-time order; the last one triggers the assessment."""
    out, household, trigger = Effects(), members[batch[0].person_ref][1], batch[-1]
    # Each event sees the member and household as of its own date (member_state.as_of).
    changes = [c for x in batch for c in observe(x.event, *as_of(*members[x.person_ref], fact_date(x.event)), policy,
                                                  burdens.get(x.event.id))]
    # A late bill counts in the window of the later bill assessed before it arrived: that bill's
    # medical factors again (its other effects stand), so the order of arrival changes nothing.
    sources = batch if restated is None else [*batch, restated]
    if restated is not None:
        changes += restate_burden(restated.event, *as_of(*members[restated.person_ref], fact_date(restated.event)),
                                  policy, burdens[restated.event.id])
    after = apply_changes(state.factors, changes, policy)
    out.factor_rows = changed_rows(hid, state.factors, after)
    now = assess(active(after, policy, trigger.event.time), policy)
    alert_id = state.open_alert.alert_id if state.open_alert else None
    if improved(now, state.open_alert):
        # The open case's household got better (a job started, a renovation): its alert shows the
        # level now, so that getting worse again raises a new alert.
        out.reassessed.append(Reassessment(hid, alert_id, trigger.event.time, trigger.event.id,
                                           tuple(x.event.id for x in batch), now, cause="event"))
    if raises_alert(now, state.open_alert):
        alert = alert_data(hid, household.county_code, trigger, now, policy)
        alert_id = alert.alert_id
        out.alerts.append(NewAlert(alert, trigger.event.time,
                                   lifecycle.verification_due(local_date(trigger.event.time), policy)))
        out.messages.append(messages.alert(alert, trigger.event.time))
    for t in planned_tasks(state.factors, after, state.open_task_types, policy, as_of=trigger.event.time):
        source = next(x for x in sources if x.event.id == t.evidence_event_ids[-1])
        task = task_data(hid, alert_id, t, source, members)
        out.tasks.append(task)
        out.messages.append(messages.task(task, source.event.time))
    return out


def improved(now: Assessment, open_alert: OpenAlert | None) -> bool:
    return open_alert is not None and now.level != open_alert.level and not worse(now.level, open_alert.level)


def raises_alert(now: Assessment, open_alert: OpenAlert | None) -> bool:
    """Not green, and no open alert or a worse level than it shows (yellow -> orange escalates)."""
    return now.level != "green" and (open_alert is None or worse(now.level, open_alert.level))
