"""Renders a page template with the helpers every page uses (t, county, department, mask) in the asked language."""
from datetime import datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.monitor.dashboard.counties import county_name
from services.monitor.dashboard.departments import department_name
from services.monitor.dashboard.i18n import keep_lang, lang_of
from services.monitor.dashboard.masking import mask_resident_id
from services.monitor.dashboard.texts import text
from services.monitor.local_time import LOCAL_TZ

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals["mask"] = mask_resident_id


def local_time(at: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware time as the offices read it: Asia/Shanghai (services/monitor/local_time.py)."""
    return at.astimezone(LOCAL_TZ).strftime(fmt)


templates.env.filters["local"] = local_time


def render(request: Request, name: str, *, operator: str | None = None, status_code: int = 200, **context) -> HTMLResponse:
    """HTML of templates/`name` with `context`, `lang`, `t(key)`, `county(code)` and `mask(id)`."""
    lang = lang_of(request)
    response = templates.TemplateResponse(request, name, {
        "lang": lang, "operator": operator, "t": lambda key: text(key, lang),
        "county": lambda code: county_name(code, lang),
        "department": lambda code: department_name(code, lang), **context}, status_code=status_code)
    keep_lang(request, response)
    return response
