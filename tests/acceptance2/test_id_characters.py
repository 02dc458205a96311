"""Acceptance (issue 15 part 2): only digits, X, spaces and hyphens may be removed from a resident
ID; any other character refuses it with a reason (HTTP 422), and on Kafka the event is not linked
by that ID.

- Control characters before or after the ID (file, group, record and unit separators U+001C-001F,
  next line U+0085) are not spaces: Python's str.strip() removes them, so they must be refused
  on every path (the model's normalisation, HTTP, the file importer, the monitor's decoder).
- An ID with an emoji, a zero-width space or a control character inside, on Kafka, must not be
  used as evidence for a link: a record that would not link without it must not link with it
  (through `match_batch` against a real PostgreSQL registry).
"""
import json
from datetime import date
from importlib import import_module

import pytest

from services.monitor.decode import read_resident_id
from services.monitor.matching import MatchRecord, match_batch
from shared.kit.http.posted_items import validate_items
from shared.resident_id import InvalidResidentId, normalise
from tests.acceptance.files import BILL_HEADER, import_in_process, write_csv
from tests.acceptance2.kin import PEOPLE, rid

VALID = rid(date(1966, 4, 4), 211)
CONTROLS = {"file separator": "\x1c", "group separator": "\x1d", "record separator": "\x1e",
            "unit separator": "\x1f", "next line (NEL)": "\x85"}
PLACES = {"before": lambda c: c + VALID, "after": lambda c: VALID + c,
          "after a space": lambda c: VALID[:6] + " " + VALID[6:] + " " + c}


def bill(resident_id: str) -> dict:
    return {"specversion": "1.0", "id": "acc2-bill-1", "source": "/kashgar/health_insurance",
            "type": "cn.kashgar.health_insurance.hospital_bill_settled.v1", "time": "2026-10-09T12:00:00+08:00",
            "datacontenttype": "application/json",
            "data": {"person": {"resident_id": resident_id, "name": "阿依夏木·托乎提"}, "settlement_id": "JS-ACC2-1",
                     "admission_date": "2026-10-01", "discharge_date": "2026-10-06", "total_cost_yuan": "3000.00",
                     "basic_insurance_yuan": "2000.00", "critical_illness_yuan": "0.00",
                     "medical_assistance_yuan": "0.00", "personal_burden_yuan": "1000.00"}}


@pytest.mark.unit
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("what", CONTROLS)
def test_a_control_character_around_an_id_is_refused_not_stripped(what, place):
    with pytest.raises(InvalidResidentId) as caught:
        normalise(PLACES[place](CONTROLS[what]))
    assert caught.value.reason == "bad_character"


@pytest.mark.unit
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("what", CONTROLS)
def test_a_control_character_around_an_id_is_a_422_over_http(what, place):
    department = import_module("services.health_insurance.department").DEPARTMENT
    events, errors = validate_items(department, json.loads(json.dumps(bill(PLACES[place](CONTROLS[what])))))
    assert errors and not events


@pytest.mark.unit
@pytest.mark.parametrize("what", CONTROLS)
def test_a_control_character_around_an_id_is_not_usable_on_kafka(what):
    found, problem = read_resident_id(VALID + CONTROLS[what])
    assert found is None and problem and "bad_character" in problem


@pytest.mark.unit
@pytest.mark.parametrize("what", CONTROLS)
def test_a_control_character_around_an_id_is_a_bad_row_in_a_file(tmp_path, monkeypatch, what):
    row = [VALID + CONTROLS[what], "阿依夏木·托乎提", "JS2026ACC2", "2026-10-01", "2026-10-06", "3000.00", "2000.00",
           "0.00", "0.00", "1000.00"]
    got = import_in_process("health_insurance", write_csv(tmp_path / "ids.csv", [BILL_HEADER, row],
                                                          encoding="utf-8"), monkeypatch)
    assert got.events == [] and got.bad_rows == {2}


INSIDE = {"emoji": "\U0001F600", "zero-width space": "\u200b", "tab": "\t", "vertical tab": "\x0b",
          "unit separator": "\x1f"}


def spoiled(resident_id: str, what: str, where: int) -> str:
    return resident_id[:where] + INSIDE[what] + resident_id[where:]


@pytest.mark.integration
@pytest.mark.parametrize("where", [6, 14, 17], ids=["after county", "after birth date", "before check"])
@pytest.mark.parametrize("what", INSIDE)
async def test_on_kafka_an_id_with_a_forbidden_character_inside_is_not_linked_by_that_id(kin_registry, what, where):
    """A bill carries the ID and the name only. Without the ID the name alone does not link (the
    control case below); with the spoiled ID it must not link either: the ID was refused."""
    who = PEOPLE["yonggang"]
    without_id, with_spoiled_id = await match_batch(kin_registry, [
        MatchRecord(None, who.name), MatchRecord(spoiled(who.resident_id, what, where), who.name)])
    assert without_id.band != "link"
    assert with_spoiled_id.band != "link", (with_spoiled_id.reason, with_spoiled_id.link_fields())


@pytest.mark.integration
async def test_on_kafka_a_sibling_id_with_a_zero_width_space_is_not_linked_to_the_sibling(kin_registry):
    """The father's ID with a zero-width space, on his son's bill (name only): never the father."""
    father, son = PEOPLE["lin_father"], PEOPLE["yonggang"]
    [result] = await match_batch(kin_registry, [MatchRecord(spoiled(father.resident_id, "zero-width space", 6),
                                                            son.name)])
    assert result.resident_id != father.resident_id
