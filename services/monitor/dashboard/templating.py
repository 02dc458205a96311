"""Renders a page template with the helpers every page uses (t, county, department, mask, local) in
the asked language."""
from datetime import datetime, tzinfo
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.monitor.dashboard.counties import county_name
from services.monitor.dashboard.departments import department_name
from services.monitor.dashboard.i18n import keep_lang, lang_of
from shared.resident_id.masking import masked
from services.monitor.dashboard.ports import reads_of
from services.monitor.dashboard.texts import text

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals["mask"] = masked  # lists only; the household page shows the full ID


def local_time(at: datetime, tz: tzinfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware time as the offices read it, in `tz` (the monitor's Asia/Shanghai)."""
    return at.astimezone(tz).strftime(fmt)


def helpers(request: Request) -> dict:
    """`lang`, `t(key)`, `county(code)`, `department(code)`, `local(time, fmt)` for this request."""
    lang, tz = lang_of(request), reads_of(request).LOCAL_TZ
    return {"lang": lang, "t": lambda key: text(key, lang), "county": lambda code: county_name(code, lang),
            "department": lambda code: department_name(code, lang),
            "local": lambda at, fmt="%Y-%m-%d %H:%M": local_time(at, tz, fmt)}


# Pages carry households' data: never kept by a cache, never framed by another site.
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                "Content-Security-Policy": "frame-ancestors 'none'"}


def render(request: Request, name: str, *, operator: str | None = None, status_code: int = 200,
           **context) -> HTMLResponse:
    """HTML of templates/`name` with `context`, `operator` and helpers(request)."""
    response = templates.TemplateResponse(request, name, {"operator": operator, **helpers(request), **context},
                                          status_code=status_code)
    keep_lang(request, response)
    response.headers.update(PAGE_HEADERS)
    return response
