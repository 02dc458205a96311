"""Operators scoped to counties (issue 13: a county's office sees and acts on only its households).
OPERATOR_SCOPES 'name:653101|653121,name2:653125' names the counties (GB/T 2260 codes, shared/counties.py)
of each scoped operator; an operator it does not name works prefecture-wide."""
from fastapi import Request

from shared.counties import COUNTIES


def parse_scopes(spec: str) -> dict[str, frozenset[str]]:
    """'name:code|code,...' -> {name: frozenset(codes)}; '' -> {}. Raises ValueError naming an
    entry without counties or a code that is not one of the prefecture's counties."""
    scopes = {}
    for item in filter(None, (p.strip() for p in spec.split(","))):
        name, _, codes = item.partition(":")
        counties = frozenset(filter(None, (c.strip() for c in codes.split("|"))))
        if not name.strip() or not counties:
            raise ValueError(f"OPERATOR_SCOPES entry {item!r} must be name:county_code[|county_code]")
        unknown = sorted(counties - COUNTIES.keys())
        if unknown:
            raise ValueError(f"OPERATOR_SCOPES entry for {name.strip()!r} names unknown county codes {unknown}")
        scopes[name.strip()] = counties
    return scopes


def counties_of(request: Request, operator_name: str) -> frozenset[str] | None:
    """The counties `operator_name` may see and act on (app.state.scopes), None when prefecture-wide."""
    return getattr(request.app.state, "scopes", {}).get(operator_name)
