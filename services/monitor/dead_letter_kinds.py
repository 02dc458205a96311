"""Which kind of reason a dead letter has: the few labels of the metric monitor_dead_letters_total
(a reason's own text names topics, task IDs and field errors, far too many values for a label).

Pure: the reason texts are those of decode, dedup, linking, member_state, batch, isolation and
shared.kafka_raw.unreadable; a reason none of them writes is `other`."""

# (kind, how its reasons start), first match wins; test_dead_letter_kinds.py holds one reason of each.
_STARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("invalid_json", ("not valid JSON",)),
    ("invalid_event", ("invalid event", "empty message")),
    ("wrong_topic", ("topic ", "task status for ", "event type ")),
    ("undecodable", ("could not decode record", "unreadable record")),
    ("reused_id", ("event id already used",)),
    ("unknown_task", ("no task ",)),
    ("unusable_id", ("resident_id missing", "invalid resident_id")),
    ("future_date", ("died_on ", "registered_on ")),
    ("processing_failed", ("processing failed",)),
)
KINDS: tuple[str, ...] = tuple(kind for kind, _ in _STARTS) + ("other",)


def reason_kind(reason: str) -> str:
    """One of KINDS for a dead letter's reason text."""
    return next((kind for kind, starts in _STARTS if reason.startswith(starts)), "other")
