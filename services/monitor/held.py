"""Why an event is held as unmatched (monitor.unmatched_events.reason, monitor.unmatched.v1), and
which kind of hold that is, for the counts of the demo summary and the metrics.

Three kinds (DESIGN.md section 4): `review` (the matcher found candidates for an operator),
`outside_region` (a valid resident ID issued outside the policy's region and nobody in the
registry has it: a migrant worker from another province, say) and `not_in_registry` (a valid
ID of the region that the registry does not hold, yet).
"""
from shared.resident_id import NormalisedId

HELD_KINDS = ("review", "outside_region", "not_in_registry")
NEEDS_REVIEW = "needs review"
OUTSIDE_REGION = "outside the monitored region"
# Open holds counted by kind, classified as `kind` does (deploy/summary.py).
OPEN_BY_KIND_SQL = """
SELECT CASE WHEN reason LIKE '%needs review%' THEN 'review'
            WHEN reason LIKE 'outside the monitored region%' THEN 'outside_region'
            ELSE 'not_in_registry' END AS kind, count(*) AS n
FROM monitor.unmatched_events WHERE status = 'open' GROUP BY 1
"""


def outside_region(resident_id: NormalisedId | None, region: str) -> str | None:
    """The hold reason for a valid ID whose county code (its first six digits, GB 11643-1999) does
    not start with the policy's `region` code, else None. Only asked for IDs the registry does not
    hold: a registered person with an ID from elsewhere (moved in) links as anybody else."""
    if resident_id is None or resident_id.county_code.startswith(region):
        return None
    return (f"{OUTSIDE_REGION} (outside_region): the resident ID was issued outside region {region} "
            "and is not in the household registry")


def kind(reason: str) -> str:
    """One of HELD_KINDS for a hold reason, as OPEN_BY_KIND_SQL decides it."""
    if NEEDS_REVIEW in reason:
        return "review"
    return "outside_region" if reason.startswith(OUTSIDE_REGION) else "not_in_registry"
