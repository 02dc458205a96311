"""The household's main earner (主要劳动力), which the export does not name.

Rule (ours, written down here): among the members able to work (劳动技能 普通劳动力 or 技能劳动力)
and of working age (16-60 on the reference day: the working ages of the synthetic registry and of
the assessment's labour figures), one who works (务工状况 any kind of 务工) is preferred to one who
does not; among equals the head first, then the spouse, then the oldest. Nobody when no member
is able to work and of working age.
"""
from __future__ import annotations

from datetime import date

from .rows import Person

WORKING_AGE = (16, 60)
_RANK = {"head": 2, "spouse": 1}


def with_main_earner(persons: list[Person], on: date) -> list[Person]:
    """`persons` with main_earner set on the one member the rule picks (and on no other)."""
    best, best_key = -1, None
    for i, p in enumerate(persons):
        age = on.year - p.birth_date.year - ((on.month, on.day) < (p.birth_date.month, p.birth_date.day))
        if not p.able_to_work or not WORKING_AGE[0] <= age <= WORKING_AGE[1]:
            continue
        key = (bool(p.work_status and p.work_status.startswith("working")), _RANK.get(p.relation, 0),
               -p.birth_date.toordinal())
        if best_key is None or key > best_key:
            best, best_key = i, key
    return [p._replace(main_earner=i == best) if p.main_earner != (i == best) else p for i, p in enumerate(persons)]
