"""Acceptance (issue 15 part 1): a record carrying a relative's valid ID, where the relative lives
in another household (a father, whose grown son heads his own household and whose daughter is
married into another). It must not link to the ID's owner; it goes to review with both the owner
and the person the record describes among the candidates, or links to that person when the
evidence is decisive (the same record without any ID links to him: name, sex, birth date and
village agree exactly).

Through `match_batch` against a real PostgreSQL registry (kin.py).
"""
import pytest

from services.monitor.matching import MatchRecord, match_batch
from tests.acceptance2.kin import PEOPLE, VILLAGE

pytestmark = pytest.mark.integration

CASES = {
    # label: (whose record, whose ID, every field or the name only)
    "son with his father's ID, every field": ("erkin_r", "rahman", True),
    "son with his father's ID, name only (a bill)": ("erkin_r", "rahman", False),
    "married daughter with her father's ID, every field": ("gulbahar_r", "rahman", True),
    "married daughter with her father's ID, name only": ("gulbahar_r", "rahman", False),
    "father with his son's ID, every field": ("rahman", "erkin_r", True),
    "grandson with his grandfather's ID, every field": ("erkin_son", "rahman", True),
}


def record(p, resident_id: str | None, every_field: bool) -> MatchRecord:
    if every_field:
        return MatchRecord(resident_id, p.name, p.gender, p.born, VILLAGE)
    return MatchRecord(resident_id, p.name)


@pytest.mark.parametrize("label", CASES)
async def test_a_relatives_id_from_another_household_goes_to_review_with_the_right_person(kin_registry, label):
    who, whose_id, every_field = CASES[label]
    right, wrong = PEOPLE[who], PEOPLE[whose_id]
    [result] = await match_batch(kin_registry, [record(right, wrong.resident_id, every_field)])
    assert result.resident_id != wrong.resident_id, "linked to the relative whose ID was typed"
    if result.band == "link":
        assert result.resident_id == right.resident_id
    else:
        assert result.band == "review", (result.band, result.reason)
        found = {c.resident_id for c in result.candidates}
        assert {right.resident_id, wrong.resident_id} <= found, (
            f"{result.reason}: the person the record describes is not among the review candidates")


async def test_control_the_same_record_without_an_id_links_to_the_son(kin_registry):
    son = PEOPLE["erkin_r"]
    [result] = await match_batch(kin_registry, [record(son, None, True)])
    assert (result.band, result.resident_id) == ("link", son.resident_id), result.reason
