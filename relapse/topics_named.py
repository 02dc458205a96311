"""A topic as an operator names it: a department code, alerts/unmatched/deadletter, or the
topic's name without this environment's prefix."""
from shared import topics
from shared.contracts.catalog import DEPARTMENTS, SELF_REPORT

SHORT = {"alerts": topics.ALERTS, "unmatched": topics.UNMATCHED, "deadletter": topics.DEADLETTER,
         "deadletters": topics.DEADLETTER}


def resolve(name: str) -> str:
    """'health_insurance' -> '<prefix>health_insurance.events.v1'; 'alerts' -> the alerts topic;
    anything else gets the prefix unless it carries it already."""
    if name in SHORT:
        return SHORT[name]
    if name in {d.code for d in DEPARTMENTS} | {SELF_REPORT}:
        return topics.events_topic(name)
    return name if topics.PREFIX and name.startswith(topics.PREFIX) else topics.PREFIX + name
