"""monitor.assessments: each re-assessment of a household, with its cause."""
import json
from collections.abc import Sequence

import asyncpg

from services.monitor.announcements import active_factors
from services.monitor.outcomes import Reassessment


def factors_json(factors) -> str:
    """rules.Factor list as JSON in the shape alerts carry (contracts ActiveFactor)."""
    return json.dumps([f.model_dump(mode="json") for f in active_factors(factors)])


async def insert_assessments(conn: asyncpg.Connection, *, found: Sequence[Reassessment], policy_version: str) -> None:
    if found:
        await conn.executemany(
            "INSERT INTO monitor.assessments (household_id, alert_id, level, factors, explanation_zh, "
            "explanation_en, policy_version, at, cause, cause_id, evidence_event_ids) "
            "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11)",
            [(r.household_id, r.alert_id, r.assessment.level, factors_json(r.assessment.factors),
              r.assessment.explanation_zh, r.assessment.explanation_en, policy_version, r.at, r.cause, r.task_id,
              list(r.evidence_event_ids)) for r in found])
