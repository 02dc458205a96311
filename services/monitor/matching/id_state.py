"""What a record's resident ID is worth as evidence: normalised, compared as sent, or none."""
from __future__ import annotations

from shared.resident_id import InvalidResidentId, normalise, truncated_by_spreadsheet


def id_state(raw: str | None) -> tuple[str | None, bool, str]:
    """(normalised ID or None, changed by normalisation, why it cannot link by itself)."""
    if raw is None or not str(raw).strip():
        return None, False, "id_missing"
    try:
        n = normalise(raw)
    except InvalidResidentId:
        return None, False, "id_invalid"
    return n.value, n.changed, "id_truncated" if truncated_by_spreadsheet(n.value) else "id_unknown"


#: InvalidResidentId reasons for which the ID as sent is no evidence at all: a character that
#: nobody types into an ID (an emoji, a zero-width space, a tab, a control character; see
#: shared/resident_id/) says the field was spoiled on its way, not mistyped, so the characters
#: around it say nothing about whose ID it was.
NO_EVIDENCE = frozenset({"bad_character"})


def compared_id(raw: str | None, norm: str | None) -> str | None:
    """The ID a record is compared with, given `norm` from `id_state`: the normalised ID when it
    is valid; the text as sent when `normalise` refused it for its form (a wrong check character,
    a digit too many or too few: a typo, evidence for the IDs one edit away); None (compared as
    if the record had no ID) when it was refused for a reason in NO_EVIDENCE."""
    if norm is not None or raw is None:
        return norm
    try:
        normalise(raw)
    except InvalidResidentId as exc:
        return None if exc.reason in NO_EVIDENCE else raw
    return raw
