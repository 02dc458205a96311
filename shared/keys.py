"""Kafka message keys: household ID where known, else a keyed hash of the resident ID.

The raw resident ID is never a key (DESIGN.md section 3): keys are visible to every
operator who can read a topic.
"""
import hashlib
import hmac

from shared.resident_id import InvalidResidentId, normalise


def person_key(resident_id: str | None, secret: str) -> bytes | None:
    """HMAC-SHA256 of the normalised ID (raw text if it does not normalise), hex, 32 chars;
    None when there is no ID (Kafka then spreads such messages over the partitions)."""
    if resident_id is None or not resident_id.strip():
        return None
    try:
        value = normalise(resident_id).value
    except InvalidResidentId:
        value = resident_id
    return normalised_person_key(value, secret)


def normalised_person_key(normalised_id: str, secret: str) -> bytes:
    """person_key of an ID the caller has normalised already (saves a second normalisation)."""
    return hmac.new(secret.encode(), normalised_id.encode(), hashlib.sha256).hexdigest()[:32].encode()


def household_key(household_id: str) -> bytes:
    return household_id.encode()
