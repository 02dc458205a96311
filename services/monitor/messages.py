"""Outbox messages the monitor emits: alerts, tasks, follow-up reviews due, unmatched events and dead letters."""
import uuid
from datetime import datetime

from shared import topics
from shared.contracts import monitor as m
from shared.keys import household_key
from shared.outbox import OutboxMessage
from shared.sources import MONITOR, source_of

SOURCE = source_of(MONITOR)
NAMESPACE = uuid.UUID("6f1f8f0e-3d1b-4c53-9a55-1b1c2f0d6531")


def stable_id(*parts: str) -> str:
    """Deterministic ID, so a redelivered event re-creates the same alert or task ID."""
    return str(uuid.uuid5(NAMESPACE, "|".join(parts)))


def _message(topic: str, key: bytes | None, event) -> OutboxMessage:
    return OutboxMessage(topic, key, event.model_dump_json().encode())


def alert(data: m.AlertRaisedData, business_time: datetime) -> OutboxMessage:
    ev = m.AlertRaised(id=data.alert_id, source=SOURCE, type="cn.kashgar.monitor.alert_raised.v1",
                       time=business_time, subject=data.household_id, data=data)
    return _message(topics.ALERTS, household_key(data.household_id), ev)


def task(data: m.AssistanceTaskAssignedData, business_time: datetime) -> OutboxMessage:
    ev = m.AssistanceTaskAssigned(id=data.task_id, source=SOURCE,
                                  type="cn.kashgar.monitor.assistance_task_assigned.v1",
                                  time=business_time, subject=data.household_id, data=data)
    return _message(topics.tasks_topic(data.department), household_key(data.household_id), ev)


def escalated(data: m.AlertEscalatedData, marked_at: datetime) -> OutboxMessage:
    """One ID per overdue task."""
    ev = m.AlertEscalated(id=stable_id("overdue", data.task_id), source=SOURCE,
                          type="cn.kashgar.monitor.alert_escalated.v1", time=marked_at, subject=data.household_id,
                          data=data)
    return _message(topics.ALERTS, household_key(data.household_id), ev)


def unmatched(event, source_topic: str, reason: str, key: bytes | None, county_code: str | None) -> OutboxMessage:
    data = m.UnmatchedData(event_id=event.id, event_type=event.type, source_topic=source_topic,
                           reason=reason, county_code=county_code)
    ev = m.EventUnmatched(id=stable_id("unmatched", event.id), source=SOURCE,
                          type="cn.kashgar.monitor.event_unmatched.v1", time=event.time, data=data)
    return _message(topics.UNMATCHED, key, ev)


def follow_up_flagged(data: m.FollowUpFlaggedData, flagged_at: datetime) -> OutboxMessage:
    """One ID per alert and risk elimination: should it ever be sent twice, consumers de-duplicate it."""
    ev = m.FollowUpFlagged(id=stable_id("follow_up", data.alert_id, data.risk_eliminated_at.isoformat()),
                           source=SOURCE, type="cn.kashgar.monitor.follow_up_flagged.v1", time=flagged_at,
                           subject=data.household_id, data=data)
    return _message(topics.ALERTS, household_key(data.household_id), ev)
