"""Sign-in for the dashboard: the operator pastes an OPERATOR_TOKENS token once; it is kept in an
HttpOnly, SameSite=Strict cookie, checked like the API's bearer token (services/monitor/operator_auth.py)."""
import secrets
from urllib.parse import urlencode
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse

COOKIE = "relapse_operator"
MAX_AGE_S = 12 * 3600  # a working day: sign in again the next morning


class SignInRequired(Exception):
    """A dashboard page was asked for without a valid token cookie."""


def operator_of_token(request: Request, token: str | None) -> str | None:
    """The operator name of `token` (app.state.tokens), or None when it is no operator's."""
    if not token:
        return None
    for known, name in request.app.state.tokens.items():
        if secrets.compare_digest(known.encode(), token.encode()):
            return name
    return None


def signed_in(request: Request) -> str:
    """FastAPI dependency: the signed-in operator's name; raises SignInRequired (-> redirect)."""
    name = operator_of_token(request, request.cookies.get(COOKIE))
    if name is None:
        raise SignInRequired()
    return name


SignedIn = Annotated[str, Depends(signed_in)]


def scope_of(request: Request, who: SignedIn) -> frozenset[str] | None:
    """FastAPI dependency: the county codes the signed-in operator may see and act on
    (app.state.scopes, OPERATOR_SCOPES), None when prefecture-wide."""
    return request.app.state.scopes.get(who)


Scope = Annotated[frozenset[str] | None, Depends(scope_of)]


def install_redirect(app: FastAPI) -> None:
    """SignInRequired answers 303 to the sign-in page, keeping where the operator wanted to go."""
    @app.exception_handler(SignInRequired)
    async def to_sign_in(request: Request, _exc: SignInRequired):
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{request.app.url_path_for('dashboard_signin_form')}?{urlencode({'next': wanted})}",
                                status_code=303)
