"""Credentials before anything else: a request to the API (/v1/...) without a valid bearer token is
answered 401/403 before its body is read, so a client without credentials learns nothing about what
the service accepts (FastAPI parses a body before the route's dependencies run). The route's own
auth dependency still runs and names the caller; this only moves the refusal earlier."""
from collections.abc import Callable

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers

# check(app, token or None): returns when the token may call the API; raises HTTPException otherwise
Check = Callable[[object, str | None], object]


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme in any case), else None."""
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class CredentialsFirst:
    """Pure ASGI middleware: app.add_middleware(CredentialsFirst, check=..., prefix="/v1/")."""

    def __init__(self, app, check: Check, prefix: str = "/v1/"):
        self.app, self.check, self.prefix = app, check, prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            try:
                self.check(scope["app"], bearer_token(Headers(scope=scope).get("authorization")))
            except HTTPException as exc:
                await JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                   headers=exc.headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)
