"""The dashboard's two languages: Chinese by default, English with ?lang=en (kept in a cookie)."""
from fastapi import Request, Response

COOKIE = "relapse_lang"
LANGS = ("zh", "en")


def lang_of(request: Request) -> str:
    """'zh' or 'en': the ?lang= query first, then the cookie, else Chinese."""
    asked = request.query_params.get("lang") or request.cookies.get(COOKIE)
    return asked if asked in LANGS else "zh"


def keep_lang(request: Request, response: Response) -> None:
    """Remember a ?lang= choice for the next pages."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        response.set_cookie(COOKIE, asked, max_age=365 * 86400, samesite="strict", httponly=True)
