"""A member row's fields -> a registry Person, its resident ID checked by the rules events follow
(shared.resident_id: GB 11643-1999) and its 性别 and 出生日期 checked against the ID's."""
from __future__ import annotations

from collections.abc import Callable

from shared.resident_id import InvalidResidentId, normalise
from shared.kit.spreadsheet.values.text import shown

from .rows import Person
from .export_errors import ExportError, Place

#: 劳动技能 that count as able to work (普通劳动力, 技能劳动力); 弱劳动力或半劳动力, 丧失劳动力 and 无劳动力 do not.
ABLE_SKILLS = frozenset(("ordinary", "skilled"))
REQUIRED = ("name", "resident_id", "relation", "labour_skill")
_GENDER_ZH = {"M": "男", "F": "女"}


def person_of(place: Place, fields: dict, header: Callable[[str], str]) -> tuple[Person | None, list[ExportError]]:
    """The member's Person (main_earner False: the household decides it, earner.py) or the row's
    problems. Gender and birth date come from 性别 / 出生日期 when given, else from the ID; given,
    they must agree with it (GB 11643-1999: digits 7-14 the birth date, digit 17 odd for men)."""
    errors = [ExportError(place, header(f), "", "required: the cell is empty") for f in REQUIRED if f not in fields]
    rid = None
    if "resident_id" in fields:
        try:
            rid = normalise(fields["resident_id"])
        except InvalidResidentId as exc:
            errors.append(ExportError(place, header("resident_id"), shown(fields["resident_id"]), str(exc)))
    if rid is not None:
        gender, born = fields.get("gender", rid.gender), fields.get("birth_date", rid.birth_date)
        if gender != rid.gender:
            errors.append(ExportError(place, header("gender"), _GENDER_ZH.get(gender, gender),
                                      f"disagrees with the resident ID, whose 17th digit says "
                                      f"{_GENDER_ZH[rid.gender]} (GB 11643-1999)"))
        if born != rid.birth_date:
            errors.append(ExportError(place, header("birth_date"), shown(born),
                                      f"disagrees with the resident ID, which gives the birth date "
                                      f"{rid.birth_date.isoformat()} (GB 11643-1999)"))
    if errors:
        return None, errors
    skill = fields["labour_skill"]
    return Person(rid.value, fields["household_id"], fields["name"], gender, born, fields["relation"],
                  skill in ABLE_SKILLS, False, fields.get("ethnicity"), fields.get("schooling_status"),
                  fields.get("health_status"), skill, fields.get("work_status"),
                  fields.get("basic_medical_insurance")), []
