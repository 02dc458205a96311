"""503 with Retry-After instead of 500 when a request fails because the department's database is
away for now (a refused connection, a connection cut mid-request, the server shutting down): the
failure is classified by shared.retry.is_transient, the one classification every retry uses.

The answer cannot say whether the request was applied (a connection can break after COMMIT and
before its reply), so it asks for the same request again: with the same Idempotency-Key a posted
body is answered once (its first answer), and an event ID already accepted is never published
twice (store.ledger). A broker outage never fails a request: posts and decisions go to the
outbox, which the relay publishes when the broker is back; /readyz reports it.
"""
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from shared.http_errors import where
from shared.retry import is_transient

RETRY_AFTER_S = 5  # seconds; the pool reconnects on the next request, so a short wait is enough
UNAVAILABLE = {"detail": "the service's database is unavailable for now; send the same request again after "
                         "Retry-After seconds (with the same Idempotency-Key): it takes effect once"}


def unavailable(body: dict) -> JSONResponse:
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})


def install_unavailable_answer(app: FastAPI, log) -> None:
    """Answer 503 + Retry-After for a transient failure. Install before
    shared.http_errors.install_error_handlers: the middleware installed first is the inner one,
    so it sees the failure before the 500 of that module's catch-all does."""

    @app.middleware("http")
    async def transient_is_unavailable(request: Request, call_next):
        try:
            return await call_next(request)
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("http_unavailable", error=type(exc).__name__, where=where(exc))  # type only: see http_errors
            return unavailable(UNAVAILABLE)
