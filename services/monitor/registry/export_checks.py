"""Checks of a household's own fields: where it is (village, township and county codes that
agree), what it is (户类型 with 监测对象类别), and its year of income."""
from __future__ import annotations

import re

from .export_region import county_named, village_problem

CATEGORY_RULES = """户类型 and 监测对象类别 -> the registry's category (formerly_poor | marginal | general):
脱贫户 -> formerly_poor, with 监测对象类别 empty, 脱贫不稳定户 or 突发严重困难户 (a 脱贫户 was registered poor,
so it is never 边缘易致贫户); 一般农户 -> general, not monitored (监测对象类别 empty); 监测户 -> by its
监测对象类别, which it must have: 脱贫不稳定户 formerly_poor, 边缘易致贫户 marginal, 突发严重困难户 general
(national monitoring guidance: the three kinds of monitored household)."""


def category_of(household_type: str, monitoring: str | None) -> tuple[str | None, str | None]:
    """(category, None) or (None, reason); the rule is CATEGORY_RULES."""
    if household_type == "formerly_poor":
        if monitoring == "marginal":
            return None, "a 脱贫户 was registered poor and cannot be 边缘易致贫户 (never registered poor)"
        return "formerly_poor", None
    if household_type == "general":
        if monitoring is not None:
            return None, "an 一般农户 is not monitored: 监测对象类别 must be empty (or 户类型 监测户)"
        return "general", None
    if monitoring is None:
        return None, "a 监测户 needs its 监测对象类别 (脱贫不稳定户, 边缘易致贫户 or 突发严重困难户)"
    return {"unstable_formerly_poor": "formerly_poor", "marginal": "marginal"}.get(monitoring, "general"), None


def village_code_of(fields: dict) -> str | None:
    """村代码, or 村 when it holds digits (a code, checked as one); None without either."""
    if "village_code" in fields:
        return str(fields["village_code"])
    village = str(fields.get("village", ""))
    return village if village.isdigit() else None


def place_problems(fields: dict, village: str) -> list[tuple[str, str]]:
    """(field, reason) for a village code that is not known, and for county and township codes
    or county names that disagree with it (the code's first 6 and 9 digits)."""
    problem = village_problem(village)
    if problem is not None:
        return [("village_code" if "village_code" in fields else "village", problem)]
    out = []
    for field, length, what in (("county_code", 6, "county"), ("township_code", 9, "township"),
                                ("county", 6, "county"), ("township", 9, "township")):
        text = str(fields.get(field, ""))
        if not text:
            continue
        if re.fullmatch(r"\d+", text):
            if text != village[:length]:
                out.append((field, f"{what} code {text} disagrees with the village code, whose {what} is "
                                   f"{village[:length]}"))
        elif field == "county":
            code = county_named(text)
            if code is None:
                out.append((field, "not a county of Kashgar prefecture"))
            elif code != village[:6]:
                out.append((field, f"the county named here is {code}, the village code's is {village[:6]}"))
    return out


def year_problem(year: int, this_year: int) -> str | None:
    if not 2000 <= year <= this_year:
        return f"income year must be between 2000 and {this_year}"
    return None
