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
            full_names: list[str], ethnicity: str | None = None) -> tuple[Person, ...]:
    """One Person per member (as in shapes.py), in order. Able to work: of working age and not
    among the UNABLE_TO_WORK share. Main earner: the head if able, else the spouse, else the
    oldest able member; nobody when nobody is able. The fields of migration 010 follow from
    age, ability and the ID's digits (person_details), so the random stream is what it was."""
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
        out.append([rid, household_id, full_names[i], gender, born, relation, able, False, ethnicity,
                    *person_details(rid, exact_age, able)])
    if earner >= 0:
        out[earner][7] = True
    return tuple([_new_tuple(Person, p) for p in out])


def person_details(resident_id: str, age: int, able: bool) -> tuple:
    """(schooling_status, health_status, labour_skill, work_status, basic_medical_insurance,
    deceased_on) for a synthetic person, plausible for rural Kashgar: schooling by age (compulsory
    education 6-15), one able worker in five skilled and about half working away from home, the
    unable of working age ill or disabled, nearly all insured. Drawn from the ID's sequence digits
    (uniform enough), not from the random source."""
    digit = int(resident_id[15])  # second sequence digit
    schooling = _schooling(age, digit)
    if able:
        health, skill = "healthy", "skilled" if digit < 2 else "ordinary"
        work = ("working_out_of_province", "working_in_province", "working_in_county")[digit % 3] \
            if digit < 5 else "not_working"
    elif WORKING_AGE[0] <= age <= WORKING_AGE[1]:
        health, skill, work = ("disabled" if digit < 4 else "chronic_illness", "weak" if digit % 2 else "lost",
                               "not_working")
    else:
        health, skill, work = "chronic_illness" if age > 60 and digit < 3 else "healthy", "none", "not_working"
    return schooling, health, skill, work, digit != 0 or int(resident_id[14]) % 2 == 0, None


def _schooling(age: int, digit: int) -> str:
    if 3 <= age <= 5:
        return "preschool"
    if 6 <= age <= 11:
        return "primary"
    if 12 <= age <= 14:
        return "junior_secondary"
    if 15 <= age <= 17:
        return "senior_secondary" if digit < 6 else "secondary_vocational" if digit < 9 else "not_in_school"
    if 18 <= age <= 21 and digit < 3:
        return "higher_vocational" if digit < 2 else "undergraduate"
    return "not_in_school"
