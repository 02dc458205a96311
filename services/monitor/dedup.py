"""Which events of a batch are new. An event is identified by its CloudEvents `source` and `id`
together (CloudEvents 1.0, "source + id uniquely identifies an event": an id is unique only within
its source), so two departments may use one id for their own events. The same (source, id) seen
before with the same content is a duplicate; under different content it is refused. "The same
content" is the same meaning, not the same spelling (shared.contracts.canonical). Pure."""
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.monitor.records import Decoded, Rejected
from shared.contracts.canonical import content_digest, same_content

REUSED_ID = "event id already used for different content (CloudEvents ids are unique per source)"

EventKey = tuple[str, str]  # (source_key(source), id): what identifies a processed event
# The source of monitor.processed_events rows written before migration 014, which kept no source:
# such a row stands for its id from any source (as dedup by id alone did), so nothing processed
# then is processed again; it goes with the retention purge (services/monitor/retention.py).
UNKNOWN_SOURCE = ""


def source_key(source: str) -> str:
    """`source` in the one form it is compared in: Unicode NFC (as canonical.py keeps text), case
    folded and without trailing slashes, so "/kashgar/health", "/Kashgar/health/" are one source.
    Folding errs towards one source: two spellings merged at worst refuse a reused id (a dead
    letter, re-drivable), two spellings kept apart would apply one event twice. Never empty."""
    folded = unicodedata.normalize("NFC", source).casefold()
    return folded.rstrip("/") or folded


def key_of(event) -> EventKey:
    """The identity of a CloudEvent (a contract from shared.contracts) for dedup."""
    return source_key(event.source), event.id


def fingerprint(x: Decoded) -> bytes:
    """SHA-256 of the validated event in canonical form: the same event re-sent (in any spelling)
    is a duplicate, a different event under the same source and ID is refused."""
    return content_digest(x.event)


@dataclass
class Sorted:
    """`fresh`: EventKey -> (event, fingerprint), first seen first; `duplicates` a count."""

    fresh: dict[EventKey, tuple[Decoded, bytes]] = field(default_factory=dict)
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def first_of_each(items: Iterable[Decoded | Rejected]) -> Sorted:
    """The first event of each (source, ID) in the batch; decoding's rejections are kept."""
    out = Sorted()
    for item in items:
        if isinstance(item, Rejected):
            out.rejected.append(item)
            continue
        fp, key = fingerprint(item), key_of(item.event)
        if key not in out.fresh:
            out.fresh[key] = (item, fp)
        elif out.fresh[key][1] == fp:
            out.duplicates += 1
        else:
            out.rejected.append(Rejected(item.record, REUSED_ID))
    return out


def not_processed(batch: Sorted, done: dict[EventKey, bytes]) -> Sorted:
    """`batch` without the events processed before (`done`: EventKey -> fingerprint, kept in
    canonical form or, by rows older than it, as first spelt; a key with UNKNOWN_SOURCE matches
    its id from any source)."""
    out = Sorted(duplicates=batch.duplicates, rejected=list(batch.rejected))
    for key, (item, fp) in batch.fresh.items():
        stored = done.get(key, done.get((UNKNOWN_SOURCE, key[1])))
        if stored is None:
            out.fresh[key] = (item, fp)
        elif same_content(stored, item.event, fp):
            out.duplicates += 1
        else:
            out.rejected.append(Rejected(item.record, REUSED_ID))
    return out


def one_per_id(fresh: dict[EventKey, tuple[Decoded, bytes]]) -> list[dict[EventKey, tuple[Decoded, bytes]]]:
    """`fresh` in parts, first seen first, no id twice in a part: events of two sources with one id
    are applied one part after the other (the batch core's lookups within a part go by event id).
    Always at least one part, empty when `fresh` is."""
    parts: list[dict[EventKey, tuple[Decoded, bytes]]] = [{}]
    seen: dict[str, int] = {}  # id -> parts it is in
    for key, value in fresh.items():
        n = seen[key[1]] = seen.get(key[1], 0) + 1
        if n > len(parts):
            parts.append({})
        parts[n - 1][key] = value
    return parts
