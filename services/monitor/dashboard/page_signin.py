"""Sign-in page: paste an operator token (OPERATOR_TOKENS); it is kept in an HttpOnly cookie."""
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from services.monitor.dashboard import session
from services.monitor.dashboard.templating import render

router = APIRouter()
HOME = "/dashboard/"


def safe_next(wanted: str | None) -> str:
    """Where to go after signing in: a dashboard path only (no open redirect to another site)."""
    if wanted and wanted.startswith("/dashboard/") and "//" not in wanted and "\\" not in wanted:
        return wanted
    return HOME


@router.get("/signin", name="dashboard_signin_form")
async def signin_form(request: Request, next: str | None = None):
    return render(request, "signin.html", next=safe_next(next), failed=False)


@router.post("/signin")
async def signin(request: Request, token: Annotated[str, Form(max_length=500)] = "",
                 next: Annotated[str, Form(max_length=2000)] = HOME):
    """A valid token: cookie set, 303 to `next`; otherwise the form again with 401 and a message."""
    token = token.strip()
    if session.operator_of_token(request, token) is None:
        return render(request, "signin.html", next=safe_next(next), failed=True, status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(session.COOKIE, token, max_age=session.MAX_AGE_S, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/dashboard")
    return response


@router.get("/signout")
async def signout():
    response = RedirectResponse("/dashboard/signin", status_code=303)
    response.delete_cookie(session.COOKIE, path="/dashboard")
    return response
