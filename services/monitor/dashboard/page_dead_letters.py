"""Dead letters (死信): the records the monitor refused, counted by reason, with where each came from
(topic, partition, offset) and when; re-drive one or every waiting one of a reason after a fix,
through the re-drive use case (MonitorActions.redrive). Never their bytes: they name people."""
from typing import Annotated

from fastapi import APIRouter, Form, Request

from services.monitor.dashboard import flash
from services.monitor.dashboard.ports import ActionRefused, Actions, Pool, Reads
from services.monitor.dashboard.session import SignedIn
from services.monitor.dashboard.templating import render

router = APIRouter()
HERE = "/dashboard/dead-letters"


def outcome(done: dict) -> str:
    """`sent` and `skipped` of a re-drive (MonitorActions.redrive) as one line: 'sent 3: 1 2 3; skipped 4: why'."""
    line = f"{len(done['sent'])}: {' '.join(map(str, done['sent'])) or '—'}"
    skipped = "; ".join(f"{i}: {why}" for i, why in sorted(done["skipped"].items()))
    return line + (f" · ✗ {skipped}" if skipped else "")


@router.get("/dead-letters")
async def dead_letters_page(request: Request, pool: Pool, reads: Reads, actions: Actions, who: SignedIn):
    async with pool.acquire() as conn:
        queue = await reads.dead_letter_queue(conn)
    return flash.forget(render(request, "dead_letters.html", operator=who,
                               can_redrive=actions.can_redrive(request.app.state), flash=flash.taken(request), **queue))


@router.post("/dead-letters/redrive")
async def redrive(request: Request, actions: Actions, who: SignedIn,
                  dead_letter_id: Annotated[int | None, Form(ge=1)] = None,
                  reason: Annotated[str, Form(max_length=2000)] = ""):
    """Re-drive one dead letter (`dead_letter_id`) or every waiting one of `reason`; 303 back with the outcome."""
    if (dead_letter_id is None) == (not reason):
        return flash.redirect_with(HERE, "error", "pick_dead_letters")
    try:
        done = await actions.redrive(request.app.state, who, ids=(dead_letter_id,) if dead_letter_id else (),
                                     reason=reason or None)
    except ActionRefused as exc:
        return flash.redirect_with(HERE, "error", "refused", str(exc))
    return flash.redirect_with(HERE, "ok" if done["sent"] else "error", "redriven", outcome(done))
