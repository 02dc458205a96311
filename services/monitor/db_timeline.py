"""The household timeline behind the operator API: every table's entries for one household, read only."""
import json

import asyncpg

from services.monitor.local_time import LOCAL_TZ

# Each entry's `at` is business time: an event's department time; an alert's and its verification
# task's, the triggering event's; a department task's assignment, the event that caused it; an
# acknowledgement or completion, the department's status event time (for a verification task, the
# operator's decision); a re-assessment, the completion that caused it; a decision, when the
# operator decided; an overdue task, the start of the day after its due date, and a follow-up
# review, the start of its due date (Asia/Shanghai), with the scheduler's wall-clock mark in `detail`; a
# member's registry change (member_deceased, member_disability), its civil affairs event's, right after it;
# a registry change (registry/difference, migration 011), when the export was applied: `change` is its
# kind (a move is member_moved_out in the old household, member_moved_in in the new), `before`/`after`
# the changed columns without the person's ID or name (PERSONAL).
TIMELINE = """
SELECT occurred_at AS at, 1 AS rank, 'event' AS kind, event_id AS id, jsonb_build_object(
         'event_type', event_type, 'department', department, 'link_method', link_method,
         'link_score', link_score::text, 'link_fields', link_fields, 'amount_yuan', amount_yuan::text) AS detail, ARRAY[event_id] AS evidence
  FROM monitor.household_events WHERE household_id = $1
UNION ALL
SELECT business_time, 2, 'alert', alert_id, jsonb_build_object('level', level, 'current_level', current_level,
         'status', status, 'category', category, 'policy_version', policy_version, 'explanation_zh', explanation_zh,
         'explanation_en', explanation_en, 'factors', factors, 'link', link, 'verification_due', verification_due,
         'escalations', escalations, 'follow_up_due', follow_up_due),
       ARRAY(SELECT jsonb_array_elements_text(f -> 'evidence_event_ids') FROM jsonb_array_elements(factors) f)
  FROM monitor.alerts WHERE household_id = $1
UNION ALL
SELECT t.assigned_at, 3, 'task_assigned', t.task_id, jsonb_build_object('department', t.department,
         'task_type', t.task_type, 'factor_code', t.factor_code, 'due_date', t.due_date, 'alert_id', t.alert_id),
       t.evidence_event_ids
  FROM monitor.tasks t WHERE t.household_id = $1
UNION ALL
SELECT t.acknowledged_at, 4, 'task_acknowledged', t.task_id, jsonb_build_object('department', t.department,
         'task_type', t.task_type, 'by', t.acknowledged_by), ARRAY[]::text[]
  FROM monitor.tasks t WHERE t.household_id = $1 AND t.acknowledged_at IS NOT NULL
UNION ALL
SELECT t.completed_at, 5, 'task_completed', t.task_id, jsonb_build_object('department', t.department,
         'task_type', t.task_type, 'outcome', t.outcome, 'measures', t.measures, 'amount_yuan', t.amount_yuan::text,
         'by', t.completed_by), array_remove(ARRAY[t.completion_event_id], NULL)
  FROM monitor.tasks t WHERE t.household_id = $1 AND t.completed_at IS NOT NULL
UNION ALL
SELECT s.at, 6, 'assessment', s.id::text, jsonb_build_object('level', s.level, 'factors', s.factors,
         'explanation_zh', s.explanation_zh, 'explanation_en', s.explanation_en, 'policy_version', s.policy_version,
         'cause', s.cause, 'cause_id', s.cause_id, 'alert_id', s.alert_id,
         'task_id', CASE WHEN s.cause = 'task_completed' THEN s.cause_id END), s.evidence_event_ids
  FROM monitor.assessments s WHERE s.household_id = $1
UNION ALL
SELECT tr.at, 7, 'decision', tr.alert_id, jsonb_build_object('from', tr.from_status, 'to', tr.to_status,
         'actor', tr.actor, 'reason', tr.reason, 'detail', tr.detail), ARRAY[]::text[]
  FROM monitor.alert_transitions tr JOIN monitor.alerts a USING (alert_id) WHERE a.household_id = $1
UNION ALL
SELECT (t.due_date + 1)::timestamp AT TIME ZONE $2, 8, 'task_overdue', t.task_id,
       jsonb_build_object('department', t.department, 'task_type', t.task_type, 'due_date', t.due_date,
         'alert_id', t.alert_id, 'marked_at', t.overdue_at), ARRAY[]::text[]
  FROM monitor.tasks t WHERE t.household_id = $1 AND t.overdue_at IS NOT NULL
UNION ALL
SELECT at, 1.5, 'member_' || change, event_id, jsonb_build_object('effective_on', effective_on) || detail, ARRAY[event_id]
  FROM monitor.member_changes WHERE household_id = $1
UNION ALL
SELECT follow_up_due::timestamp AT TIME ZONE $2, 8, 'follow_up_due', alert_id,
       jsonb_build_object('follow_up_due', follow_up_due, 'flagged_at', follow_up_flagged_at), ARRAY[]::text[]
  FROM monitor.alerts WHERE household_id = $1 AND follow_up_flagged_at IS NOT NULL
UNION ALL
SELECT r.applied_at, 9, 'registry', r.id::text, jsonb_build_object('change', r.kind, 'export_name', r.export_name,
         'before', r.before - $3::text[], 'after', r.after - $3::text[]), ARRAY[]::text[]
  FROM monitor.registry_history r WHERE r.household_id = $1
ORDER BY at, rank, id  -- same instant: the event, then what it caused
"""
PERSONAL = ["resident_id", "name"]


async def timeline(conn: asyncpg.Connection, household_id: str) -> list[dict]:
    """[{at, kind, id, detail, evidence_event_ids}] in business-time order (see TIMELINE for each
    kind's time): event, member_deceased, member_disability (detail: effective_on and the member's
    registry fields after it), alert, task_assigned, task_acknowledged, task_completed, assessment,
    decision, task_overdue, follow_up_due, registry."""
    rows = await conn.fetch(TIMELINE, household_id, str(LOCAL_TZ), PERSONAL)
    return [{"at": r["at"], "kind": r["kind"], "id": r["id"], "detail": json.loads(r["detail"]),
             "evidence_event_ids": list(r["evidence"])} for r in rows]
