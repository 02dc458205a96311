"""monitor.assessments: each re-assessment of a household, with its cause."""
import json
from collections.abc import Sequence

import asyncpg

from services.monitor.announcements import active_factors
from services.monitor.outcomes import Reassessment
from shared.bulk import columns, json_arrays


def factors_json(factors) -> str:
    """rules.Factor list as JSON in the shape alerts carry (contracts ActiveFactor)."""
    return json.dumps([f.model_dump(mode="json") for f in active_factors(factors)])


async def insert_assessments(conn: asyncpg.Connection, *, found: Sequence[Reassessment], policy_version: str) -> None:
    """One statement for the batch, rows in the order of `found`."""
    if found:
        await conn.execute(
            "INSERT INTO monitor.assessments (household_id, alert_id, level, factors, explanation_zh, "
            "explanation_en, policy_version, at, cause, cause_id, evidence_event_ids) "
            "SELECT h, a, l, f::jsonb, zh, en, $7, t, c, i, ARRAY(SELECT jsonb_array_elements_text(e::jsonb)) "
            "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $8::timestamptz[], "
            "$9::text[], $10::text[], $11::text[]) WITH ORDINALITY AS r(h, a, l, f, zh, en, t, c, i, e, n) ORDER BY n",
            *columns([(r.household_id, r.alert_id, r.assessment.level, factors_json(r.assessment.factors),
                       r.assessment.explanation_zh, r.assessment.explanation_en) for r in found], 6), policy_version,
            *columns([(r.at, r.cause, r.task_id) for r in found], 3),
            json_arrays(r.evidence_event_ids for r in found))
