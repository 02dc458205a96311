"""503 with Retry-After instead of 500 when a request fails because the department's database is
away for now (a refused connection, a connection cut mid-request, the server shutting down): the
failure is classified by shared.retry.is_transient, the one classification every retry uses.

The answer cannot say whether the request was applied (a connection can break after COMMIT and
before its reply), so it asks for the same request again: with the same Idempotency-Key a posted
body is answered once (its first answer), and an event ID already accepted is never published
twice (store.ledger). A broker outage never fails a request: posts and decisions go to the
outbox, which the relay publishes when the broker is back; /readyz reports it.
"""
import asyncio

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from shared.http_errors import where
from shared.retry import is_transient

RETRY_AFTER_S = 5  # seconds; the pool reconnects on the next request, so a short wait is enough
REQUEST_BOUND_S = 15  # seconds: an 8 MB body of events is validated and kept well within it
UNAVAILABLE = {"detail": "the service's database is unavailable for now; send the same request again after "
                         "Retry-After seconds (with the same Idempotency-Key): it takes effect once"}


def unavailable(body: dict) -> JSONResponse:
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})


def install_unavailable_answer(app: FastAPI, log, bound_s: float = REQUEST_BOUND_S) -> None:
    """Answer 503 + Retry-After for a transient failure, and for a request not answered within
    `bound_s` seconds (a frozen database holds a statement up to asyncpg's 60 s command timeout;
    a client must not hang that long). Install before shared.http_errors.install_error_handlers:
    the middleware installed first is the inner one, so it sees the failure before the 500 of
    that module's catch-all does."""
    app.add_middleware(_UnavailableAnswer, log=log, bound_s=bound_s)


class _UnavailableAnswer:
    """Pure ASGI: the request runs as a task of its own, so a late one is answered without being
    cancelled (cancelling a statement on a frozen connection would hang in its ROLLBACK); when it
    ends, its own answer is dropped and its failure only logged (by type, see http_errors)."""

    def __init__(self, app, log, bound_s: float):
        self.app, self.log, self.bound_s = app, log, bound_s

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        state = {"started": False, "answered": False}

        async def guarded_send(message):
            if state["answered"]:
                return  # our 503 went out instead
            state["started"] = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        done, _ = await asyncio.wait({task}, timeout=self.bound_s)
        if not done and state["started"]:
            await task  # answering already (a slow body): let it finish
        elif not done:
            state["answered"] = True
            task.add_done_callback(self._late)
            self.log.warning("http_unavailable", error="TimeoutError", where="request_bound")
            return await unavailable(UNAVAILABLE)(scope, receive, send)
        exc = task.exception()
        if exc is None:
            return
        if not is_transient(exc) or state["started"]:
            raise exc
        self.log.warning("http_unavailable", error=type(exc).__name__, where=where(exc))  # type only: see http_errors
        await unavailable(UNAVAILABLE)(scope, receive, send)

    def _late(self, task: asyncio.Task) -> None:
        exc = None if task.cancelled() else task.exception()
        if exc is not None:
            self.log.warning("http_late_failure", error=type(exc).__name__, where=where(exc))
