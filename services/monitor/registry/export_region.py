"""Administrative codes of Kashgar prefecture (喀什地区, 6531) for the registry's households.

Codes follow GB/T 2260 (county level, 6 digits) and the statistical division codes below it
(GB/T 10114: township 3 digits, 001-099 streets, 100-199 towns, 200-599 townships; village 3
digits, 001-199 residents' committees, 200-599 village committees), 12 digits in all. The 12
county-level divisions are real (GB/T 2260); a village code is known when its county is one of
them and its township and village parts are in those ranges.
"""
from __future__ import annotations

import re

from shared.counties import COUNTIES  # noqa: F401 - the 12 county codes and names (also the dashboard's)

PREFIX = "6531"
_TWELVE_DIGITS = re.compile(r"\d{12}")


def village_problem(code: str) -> str | None:
    """Why `code` is not a known village code of the prefecture, or None when it is."""
    if not _TWELVE_DIGITS.fullmatch(code):
        return "a village code has 12 digits (county 6, township 3, village 3)"
    if not code.startswith(PREFIX):
        return f"not a village of Kashgar prefecture: its code must start with {PREFIX}"
    if code[:6] not in COUNTIES:
        return f"unknown county {code[:6]}: Kashgar's are {', '.join(COUNTIES)}"
    if not 1 <= int(code[6:9]) <= 599:
        return f"unknown township part {code[6:9]} (001-599)"
    if not 1 <= int(code[9:]) <= 599:
        return f"unknown village part {code[9:]} (001-599)"
    return None


def county_named(text: str) -> str | None:
    """The county code of a county named as the export writes it (疏附县, 疏附, 喀什市), or None."""
    for code, name in COUNTIES.items():
        if text in (name, name.removesuffix("县"), name.removesuffix("市"), name.removesuffix("塔吉克自治县")):
            return code
    return None
