"""A household's members as registry persons: birth day, resident ID, labour, main earner."""
from __future__ import annotations

from services.monitor.registry.rows import Person

from .calibration import REFERENCE_DATE, UNABLE_TO_WORK, WORKING_AGE
from .draws import Draws
from .resident_ids import ResidentIds

_DAYS_PER_YEAR = 365.2425
_REFERENCE_ORDINAL = REFERENCE_DATE.toordinal()
_new_tuple = tuple.__new__  # builds a NamedTuple without a Python-level __new__ call


def persons(d: Draws, ids: ResidentIds, household_id: str, county: str, members: list[list],
            full_names: list[str]) -> tuple[Person, ...]:
    """One Person per member (as in shapes.py), in order. Able to work: of working age and not
    among the UNABLE_TO_WORK share. Main earner: the head if able, else the spouse, else the
    oldest able member; nobody when nobody is able."""
    rnd, issue = d.rnd, ids.issue
    out = []
    earner, earner_rank = -1, 0
    low, high = WORKING_AGE
    for i, m in enumerate(members):
        relation, gender, age = m[0], m[1], m[2]
        birth = _REFERENCE_ORDINAL - int((age + rnd()) * _DAYS_PER_YEAR) - 1  # `age` years old at REFERENCE_DATE
        rid, (born, _, exact_age) = issue(county, birth, gender)
        able = low <= exact_age <= high and rnd() >= UNABLE_TO_WORK
        if able:
            rank = 1000 if relation == "head" else 500 if relation == "spouse" else exact_age
            if rank > earner_rank:
                earner, earner_rank = i, rank
        out.append([rid, household_id, full_names[i], gender, born, relation, able, False])
    if earner >= 0:
        out[earner][7] = True
    return tuple([_new_tuple(Person, p) for p in out])
