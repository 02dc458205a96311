"""Why an event is held as unmatched, and what its hold records: the candidates an operator
chooses from and the county its notice is routed to (DESIGN.md section 4). Pure."""
import json

from services.monitor import held
from services.monitor.matching import MatchResult
from services.monitor.records import Decoded

#: Why an event whose resident ID is in the registry waits for review (MatchResult.reason).
ID_HIT_REVIEW = {
    "id_contradicted": "the resident ID is in the registry but name, gender and birth date point to someone else",
    "id_relative": "the resident ID is in the registry but another member of its owner's household fits the "
                   "name, gender and birth date as well or better (a relative's ID typed on the record?)",
    "id_name_differs": "the resident ID is in the registry but its owner's name differs beyond a transliteration "
                       "variant (a relative's ID typed on the record?)",
    "id_gender_differs": "the resident ID is in the registry but its owner's sex differs from the record's",
    "id_birth_date_differs": "the resident ID is in the registry but its owner's birth date differs from the "
                             "record's",
    "id_truncated:below_link": "the resident ID ends in 000 as after a spreadsheet stored it as a number; "
                               "name, gender and birth date do not confirm its owner",
}


def held_reason(x: Decoded, result: MatchResult | None, region: str) -> str:
    if result is not None and result.band == "review":
        why = (ID_HIT_REVIEW.get(result.reason) or x.id_problem or held.outside_region(x.resident_id, region)
               or "resident ID is not in the registry")
        return f"{why}; probable match {held.NEEDS_REVIEW} ({result.reason})"
    return held.outside_region(x.resident_id, region) or "resident ID is valid but not in the household registry"


def county_code(x: Decoded) -> str | None:
    """For routing the unmatched notice: from the ID when usable, else from the village code."""
    if x.resident_id is not None:
        return x.resident_id.county_code
    village = x.event.data.person.village_code
    return village[:6] if village and len(village) >= 6 and village[:6].isdigit() else None


def candidates_json(result: MatchResult | None) -> str:
    cands = result.candidates if result is not None else ()
    return json.dumps([{"resident_id": c.resident_id, "household_id": c.household_id, "score": round(c.score, 3),
                        "compared_fields": {k: [lvl, round(w, 2)] for k, (lvl, w) in c.compared_fields.items()}}
                       for c in cands])
