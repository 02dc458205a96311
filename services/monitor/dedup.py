"""Which events of a batch are new: a CloudEvent ID seen before with the same content is a
duplicate; under different content it is refused (CloudEvents ids are unique per source). "The
same content" is the same meaning, not the same spelling (shared.contracts.canonical). Pure."""
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.monitor.records import Decoded, Rejected
from shared.contracts.canonical import content_digest, same_content

REUSED_ID = "event id already used for different content (CloudEvents ids are unique per source)"


def fingerprint(x: Decoded) -> bytes:
    """SHA-256 of the validated event in canonical form: the same event re-sent (in any spelling)
    is a duplicate, a different event under the same ID is refused."""
    return content_digest(x.event)


@dataclass
class Sorted:
    """`fresh`: event ID -> (event, fingerprint), first seen first; `duplicates` a count."""

    fresh: dict[str, tuple[Decoded, bytes]] = field(default_factory=dict)
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def first_of_each(items: Iterable[Decoded | Rejected]) -> Sorted:
    """The first event of each ID in the batch; decoding's rejections are kept."""
    out = Sorted()
    for item in items:
        if isinstance(item, Rejected):
            out.rejected.append(item)
            continue
        fp = fingerprint(item)
        if item.event.id not in out.fresh:
            out.fresh[item.event.id] = (item, fp)
        elif out.fresh[item.event.id][1] == fp:
            out.duplicates += 1
        else:
            out.rejected.append(Rejected(item.record, REUSED_ID))
    return out


def not_processed(batch: Sorted, done: dict[str, bytes]) -> Sorted:
    """`batch` without the events processed before (`done`: event ID -> fingerprint, kept in
    canonical form or, by rows older than it, as first spelt)."""
    out = Sorted(duplicates=batch.duplicates, rejected=list(batch.rejected))
    for event_id, (item, fp) in batch.fresh.items():
        if event_id not in done:
            out.fresh[event_id] = (item, fp)
        elif same_content(done[event_id], item.event, fp):
            out.duplicates += 1
        else:
            out.rejected.append(Rejected(item.record, REUSED_ID))
    return out
