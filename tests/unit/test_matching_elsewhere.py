"""An ID hit its owner does not confirm is also searched for by its other fields (acceptance 2):
a grown son heading his own household, a daughter married into another village, a father, a
grandson, each with a relative's valid ID. The right person must be among the review candidates
with the ID's owner, or linked when decisive (`elsewhere.decisive_elsewhere`); and the batch still
costs two queries. Synthetic people against the in-memory registry of test_matching_matcher."""
from datetime import date

import pytest

from services.monitor.matching import MatchRecord, match_batch
from services.monitor.matching.result import TOP
from tests.unit.test_matching_matcher import FakeRegistry, match_one, person, record

VILLAGE = "653125203201"
MARRIED_INTO = "653125203305"  # another township of the county


def member(name, gender, born, seq, household, village=VILLAGE):
    return person(name, gender, born, seq, village=village, household=household)


FATHER = member("库尔班·吐尔逊", "M", date(1949, 2, 7), 11, "6531252032010201")
MOTHER = member("阿依先木·托合提", "F", date(1952, 9, 19), 22, "6531252032010201")
SON = member("艾尔肯·库尔班", "M", date(1975, 11, 2), 31, "6531252032010202")  # heads his own household
GRANDSON = member("艾合买提·艾尔肯", "M", date(2003, 6, 12), 33, "6531252032010202")
DAUGHTER = member("古丽巴哈尔·库尔班", "F", date(1980, 1, 25), 42, "6531253033050301", MARRIED_INTO)
HAN_FATHER = member("李建国", "M", date(1960, 4, 4), 51, "6531252032010203")
HAN_SON = member("李强", "M", date(1986, 8, 30), 53, "6531252032010204")
# Two namesakes born the same day in two villages of the county: a record without a village
# cannot tell them apart.
NAMESAKE_A = member("阿米娜·买买提", "F", date(1991, 5, 5), 62, "6531252032010205")
NAMESAKE_B = member("阿米娜·买买提", "F", date(1991, 5, 5), 64, "6531253033050302", MARRIED_INTO)
PEOPLE = [FATHER, MOTHER, SON, GRANDSON, DAUGHTER, HAN_FATHER, HAN_SON, NAMESAKE_A, NAMESAKE_B]


def registry():
    return FakeRegistry(PEOPLE)


def ids(result):
    return [c.resident_id for c in result.candidates]


def name_only(p, carrying):
    return MatchRecord(carrying["resident_id"], p["name"])


CASES = {
    "son with his father's ID": (SON, FATHER),
    "father with his son's ID": (FATHER, SON),
    "grandson with his grandfather's ID": (GRANDSON, FATHER),
    "grandfather with his grandson's ID": (FATHER, GRANDSON),
    "Han son with his father's ID": (HAN_SON, HAN_FATHER),
    "mother with her married daughter's ID": (MOTHER, DAUGHTER),
}


@pytest.mark.parametrize("label", CASES)
async def test_a_relatives_id_from_another_household_goes_to_review_with_both(label):
    right, wrong = CASES[label]
    r = await match_one(record(right, rid=wrong["resident_id"]), registry())
    assert r.band == "review" and r.resident_id is None, r.reason
    assert {right["resident_id"], wrong["resident_id"]} <= set(ids(r)), r.reason
    assert len(ids(r)) == len(set(ids(r))) <= TOP


@pytest.mark.parametrize("right,wrong", [(SON, FATHER), (GRANDSON, FATHER), (FATHER, SON), (HAN_SON, HAN_FATHER)])
async def test_a_bill_with_a_relatives_id_and_the_name_only_shows_the_named_person(right, wrong):
    # No village, no birth date: the owner's village and the name's initial find the relative
    # (a relative in another village is out of reach of a bill that names no village).
    r = await match_one(name_only(right, wrong), registry())
    assert r.band == "review", r.reason
    assert {right["resident_id"], wrong["resident_id"]} <= set(ids(r)), r.reason


async def test_a_daughters_record_under_her_fathers_id_links_to_her_in_her_husbands_village():
    # Name, sex and birth date all contradict the ID; she agrees on every one: decisive.
    r = await match_one(record(DAUGHTER, rid=FATHER["resident_id"]), registry())
    assert (r.band, r.resident_id, r.household_id) == ("link", DAUGHTER["resident_id"], DAUGHTER["household_id"])
    assert r.reason == "id_elsewhere:linked" and r.method == "probabilistic"
    assert ids(r) == [DAUGHTER["resident_id"], FATHER["resident_id"]]


async def test_not_decisive_when_two_people_elsewhere_fit_the_record_equally():
    # A record without a village: the namesakes born the same day tie; a person decides.
    r = await match_one(MatchRecord(SON["resident_id"], NAMESAKE_A["name"], "F", NAMESAKE_A["birth_date"]),
                        registry())
    assert r.band == "review" and r.resident_id is None, r.reason
    assert {NAMESAKE_A["resident_id"], NAMESAKE_B["resident_id"], SON["resident_id"]} <= set(ids(r))


async def test_not_decisive_when_the_record_shares_its_ids_sex():
    # The son with his father's ID: the sex agrees with the ID, so it is not contradicted on all.
    r = await match_one(record(SON, rid=FATHER["resident_id"]), registry())
    assert r.band == "review"


async def test_someone_whose_name_differs_is_not_added_from_elsewhere():
    # 李刚 is nobody in the registry; 李强 (another name) is not offered for him.
    r = await match_one(MatchRecord(HAN_FATHER["resident_id"], "李刚", "M", HAN_SON["birth_date"], VILLAGE),
                        registry())
    assert r.band == "review" and HAN_SON["resident_id"] not in ids(r)


async def test_the_owners_own_record_still_links_to_the_owner_in_one_query():
    conn = registry()
    results = await match_batch(conn, [record(p) for p in PEOPLE])
    assert [(r.band, r.resident_id) for r in results] == [("link", p["resident_id"]) for p in PEOPLE]
    assert conn.queries == 1


async def test_a_batch_with_relatives_ids_and_no_ids_costs_two_queries():
    conn = registry()
    batch = [record(SON, rid=FATHER["resident_id"]), name_only(HAN_SON, HAN_FATHER), record(HAN_SON, rid=""),
             record(DAUGHTER, rid=FATHER["resident_id"]), record(MOTHER)]
    results = await match_batch(conn, batch)
    assert conn.queries == 2
    assert SON["resident_id"] in ids(results[0]) and HAN_SON["resident_id"] in ids(results[1])
    assert results[2].resident_id == HAN_SON["resident_id"] and results[3].resident_id == DAUGHTER["resident_id"]
    assert results[4].resident_id == MOTHER["resident_id"]
