"""Error answers shared by the monitor's and the departments' HTTP APIs.

A 422 names what is wrong without echoing the input: the input may hold a resident ID or a
name, be megabytes long, or not be encodable (a lone surrogate made FastAPI's default answer
fail with a 500). An unexpected error answers 500 and is logged by type and place only: a
database error's message can quote a submitted value, a name the log mask cannot recognise.
"""
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

INTERNAL = {"detail": "internal error; the request was not applied"}


def where(exc: BaseException) -> str:
    """`file.py:LINE function` of the innermost frame: enough to find the bug, no values."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno} {last.name}"


def install_error_handlers(app: FastAPI, log) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""),
                                         "type": e.get("type", "")} for e in exc.errors()]}, status_code=422)

    @app.middleware("http")
    async def internal_error(request: Request, call_next):
        # A middleware, not exception_handler(Exception): Starlette re-raises after that handler,
        # and the server then logs the exception's text.
        try:
            return await call_next(request)
        except Exception as exc:  # noqa: BLE001 - one failed request must not take the service down
            log.error("http_internal_error", error=type(exc).__name__, where=where(exc))
            return JSONResponse(INTERNAL, status_code=500)
