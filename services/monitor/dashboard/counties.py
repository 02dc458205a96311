"""County names for the county board, in the page's language (shared/counties.py), and which of them
an operator sees."""
from shared.counties import COUNTIES, COUNTIES_EN


def county_name(code: str, lang: str) -> str:
    """The county's name in `lang` ('zh' or 'en'); the code itself when it is not one of the 12."""
    return (COUNTIES_EN if lang == "en" else COUNTIES).get(code, code)


def all_codes() -> list[str]:
    return list(COUNTIES)


def codes_in(scope: frozenset[str] | None) -> list[str]:
    """The counties an operator of `scope` (session.Scope) sees, in the prefecture's order; every one when None."""
    return [code for code in COUNTIES if scope is None or code in scope]
