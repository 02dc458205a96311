"""Accepting a POST /v1/events body: one event or a list; every item validated by the contracts;
202 with the accepted IDs or 422 with each bad item's errors and nothing published. An event ID
already accepted with the same content is accepted again without a second publication; with
other content it is refused. An Idempotency-Key makes a retried request return the first answer
(IETF httpapi draft "The Idempotency-Key HTTP Header Field": the same key with another body is a 422).
"Another body" means other events, not another spelling of the same ones: the body is compared in
the canonical form of its events (shared.contracts.canonical: key order, whitespace, UTC offsets,
Decimal spellings do not count), and one event is the same request as a list of just that event.
"""
import hashlib
import json
import re

import structlog
from fastapi.responses import JSONResponse

from shared.contracts.canonical import content_digest
from shared.kit.department import Department
from shared.kit.http.event_answers import key_reused, refuse, refuse_reused_ids, replay
from shared.kit.http.posted_items import validate_items
from shared.kit.store.ledger import outgoing
from shared.kit.store.protocol import Answer, DepartmentStore, EventIdsConflict, IdempotencyKeyTaken

log = structlog.get_logger(__name__)
MAX_BODY_BYTES = 8 * 1024 * 1024
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")


async def accept_events(store: DepartmentStore, dept: Department, key_secret: str, raw: bytes,
                        idempotency_key: str | None) -> dict | JSONResponse:
    """The answer to a posted body `raw`: {"accepted": [IDs]} (202), or a refusal (400, 413, 422)."""
    if len(raw) > MAX_BODY_BYTES:
        return refuse(f"body is {len(raw):,} bytes; at most {MAX_BODY_BYTES:,}", 413)
    first = None
    if idempotency_key is not None:
        if not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
            return refuse("Idempotency-Key must be 1-255 visible ASCII characters", 400, ["header", "Idempotency-Key"])
        first = await store.remembered_answer(idempotency_key)
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any event has
        return key_reused() if first is not None else refuse("body is not valid JSON (or nested too deeply)")
    events, errors = validate_items(dept, body)
    if errors:  # a remembered key's first body held valid events: this is another body
        return key_reused() if first is not None else JSONResponse({"errors": errors}, status_code=422)
    # the request's digest; its raw bytes' SHA-256 is how keys were kept before the canonical form
    request_sha, raw_sha = content_digest(events), hashlib.sha256(raw).digest()
    if first is not None:
        return replay(first, request_sha, raw_sha)
    answer = {"accepted": [e.id for e in events]}
    try:
        new = await store.publish([outgoing(dept.code, e, key_secret) for e in events], "http", idempotency_key,
                                  None if idempotency_key is None else Answer(request_sha, answer))
    except EventIdsConflict as exc:
        return refuse_reused_ids(events, exc.ids)
    except IdempotencyKeyTaken:  # a concurrent request with the same key committed first
        return replay(await store.remembered_answer(idempotency_key), request_sha, raw_sha)
    log.info("events_accepted", events=len(events), new=len(new))
    return answer

