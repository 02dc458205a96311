"""A one-time message after a form's action (post/redirect/get): the action answers 303 with the
message in a short-lived cookie, the page it redirects to shows it once and forgets it."""
import json
from urllib.parse import quote, unquote

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

COOKIE = "relapse_flash"
MAX_AGE_S = 60  # seconds: enough for the redirect, never a lasting note
KINDS = ("ok", "error")


def redirect_with(url: str, kind: str, key: str, detail: str = "") -> RedirectResponse:
    """303 to `url` carrying the message: `kind` 'ok' or 'error', `key` a texts.py label, `detail`
    text shown after it (a refusal's reason, counts)."""
    if kind not in KINDS:
        raise ValueError(f"flash kind must be one of {KINDS}")
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(COOKIE, quote(json.dumps({"kind": kind, "key": key, "detail": detail})),
                        max_age=MAX_AGE_S, httponly=True, samesite="strict", path="/dashboard")
    return response


def taken(request: Request) -> dict | None:
    """{kind, key, detail} of the message waiting for this page, or None (none, or not ours)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        found = json.loads(unquote(raw))
    except ValueError:
        return None
    if not isinstance(found, dict) or found.get("kind") not in KINDS:
        return None
    return {"kind": found["kind"], "key": str(found.get("key", "")), "detail": str(found.get("detail", ""))}


def forget(response: Response) -> Response:
    """The page showed the message: it is not shown again."""
    response.delete_cookie(COOKIE, path="/dashboard")
    return response
