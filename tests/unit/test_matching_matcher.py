"""match_batch with the shipped model against a small in-memory registry (no database).

The fake connection answers the matcher's two queries the way PostgreSQL does (the block keys
of 004_matching.sql, the ID neighbours), and counts them: a batch must cost at most two.
"""
from datetime import date

import pytest

from services.monitor.matching.blocking.keys import county_date_key, village_initial_key, village_year_key
from services.monitor.matching.blocking.query import CANDIDATES_SQL
from services.monitor.matching.names.sound import initial
from services.monitor.matching import MatchRecord, match_batch
from services.monitor.matching.lookup import EXACT_SQL
from tests.unit.builders import with_check

VILLAGE = "653125203201"
OTHER_VILLAGE = "653125203202"


def person(name, gender, born, seq, village=VILLAGE, household="6531252032010001"):
    rid = with_check(f"{village[:6]}{born:%Y%m%d}{seq:03d}")
    return {"resident_id": rid, "household_id": household, "name": name, "gender": gender, "birth_date": born,
            "village_code": village}


# One household: father, two brothers with the same father's name, twin sisters; and namesakes elsewhere.
FATHER = person("买买提·吐尔逊", "M", date(1960, 5, 20), 11)
ABDULLA = person("阿卜杜拉·买买提", "M", date(1990, 3, 4), 13)
ELI = person("艾力·买买提", "M", date(1992, 7, 8), 15)
GULI = person("古丽·买买提", "F", date(1995, 9, 1), 12)
AYGUL = person("阿依古丽·买买提", "F", date(1995, 9, 1), 14)
WANG = person("王伟", "M", date(1985, 1, 30), 17, household="6531252032010002")
NAMESAKE = person("阿卜杜拉·买买提", "M", date(1990, 11, 23), 19, village=OTHER_VILLAGE, household="6531252032020001")
REGISTRY = [FATHER, ABDULLA, ELI, GULI, AYGUL, WANG, NAMESAKE]


class FakeRegistry:
    """Answers EXACT_SQL (with household members) and CANDIDATES_SQL from REGISTRY;
    counts round trips."""

    def __init__(self, people=REGISTRY):
        self.people = people
        self.queries = 0

    def keys(self, p):
        village, born = p["village_code"], p["birth_date"]
        return {village_year_key(village, born.year), county_date_key(village[:6], born),
                village_initial_key(village, initial(p["name"]))}

    async def fetch(self, sql, *args):
        self.queries += 1
        if sql == EXACT_SQL:  # the people with these IDs and every member of their households
            households = {p["household_id"] for p in self.people if p["resident_id"] in set(args[0])}
            return [p for p in self.people if p["household_id"] in households]
        assert sql == CANDIDATES_SQL
        k_ord, k_key, n_ord, n_id = args
        hits = {(o, p["resident_id"]) for o, k in zip(k_ord, k_key) for p in self.people if k in self.keys(p)}
        hits |= {(o, r) for o, r in zip(n_ord, n_id)}
        by_id = {p["resident_id"]: p for p in self.people}
        return [{"ord": o, **by_id[r]} for o, r in sorted(hits) if r in by_id]


def record(p, *, rid=None, name=None, gender=None, born=None, village=None):
    return MatchRecord(p["resident_id"] if rid is None else rid, p["name"] if name is None else name,
                       gender or p["gender"], born or p["birth_date"], village or p["village_code"])


async def match_one(rec, registry=None):
    conn = registry or FakeRegistry()
    [result] = await match_batch(conn, [rec])
    return result


# --- resident IDs ------------------------------------------------------------------------------

async def test_a_registry_id_links_exactly_and_shows_the_compared_fields():
    r = await match_one(record(ELI))
    assert (r.band, r.method, r.resident_id, r.household_id) == ("link", "exact", ELI["resident_id"], ELI["household_id"])
    assert r.compared_fields["resident_id"] == ("same", 0.0)
    assert r.compared_fields["given_name"][0] == "exact"
    assert any(f.startswith("given_name=exact(") for f in r.link_fields())


async def test_a_full_width_id_links_as_normalised():
    full = ELI["resident_id"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    r = await match_one(record(ELI, rid=full))
    assert (r.band, r.method, r.resident_id) == ("link", "normalised", ELI["resident_id"])


async def test_an_id_with_one_wrong_digit_links_probabilistically():
    rid = ELI["resident_id"]
    typo = rid[:9] + str((int(rid[9]) + 3) % 10) + rid[10:]
    r = await match_one(record(ELI, rid=typo))
    assert (r.band, r.method, r.resident_id) == ("link", "probabilistic", rid)
    assert r.compared_fields["resident_id"][0] == "one_edit"
    assert r.reason == "id_invalid:linked"


async def test_a_registry_id_on_someone_elses_record_goes_to_review_not_to_that_person():
    # A bill for the father typed with his son's ID: name, sex and birth date disagree.
    r = await match_one(record(FATHER, rid=ELI["resident_id"]))
    assert (r.band, r.resident_id, r.reason) == ("review", None, "id_contradicted")
    assert r.candidates[0].resident_id == ELI["resident_id"]


# --- names -------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["阿不都拉·麦麦提", "阿布都拉·买买提", "阿卜杜拉·麦麦提"])
async def test_a_transliteration_variant_without_an_id_links_to_the_person(written):
    r = await match_one(record(ABDULLA, rid="", name=written))
    assert (r.band, r.resident_id) == ("link", ABDULLA["resident_id"])


@pytest.mark.parametrize("written", ["古力·买买提", "古丽·麦麦提"])
async def test_the_daughters_variant_links_to_her_and_not_to_her_twin(written):
    r = await match_one(record(GULI, rid="", name=written))
    assert (r.band, r.resident_id) == ("link", GULI["resident_id"])


@pytest.mark.parametrize("written", ["阿卜杜拉•买买提", "阿卜杜拉‧买买提", "阿卜杜拉.买买提", "阿卜杜拉买买提", "阿卜杜拉 买买提"])
async def test_any_middle_dot_or_none_links(written):
    r = await match_one(record(ABDULLA, rid="", name=written))
    assert (r.band, r.resident_id) == ("link", ABDULLA["resident_id"])


async def test_a_brother_with_the_same_fathers_name_is_not_linked_to_the_other_brother():
    r = await match_one(record(ELI, rid=""))
    assert (r.band, r.resident_id) == ("link", ELI["resident_id"])
    # A third brother, not registered, born the same day as Eli (a twin): a person may look, no link.
    unregistered = MatchRecord("", "吐尔逊·买买提", "M", date(1992, 7, 8), VILLAGE)
    r = await match_one(unregistered)
    assert r.band != "link" and r.resident_id is None


async def test_twin_sisters_with_different_given_names_are_different_people():
    r = await match_one(record(AYGUL, rid=""))
    assert r.resident_id == AYGUL["resident_id"]
    registry = FakeRegistry([p for p in REGISTRY if p is not AYGUL])  # only her twin is registered
    r = await match_one(record(AYGUL, rid=""), registry)
    assert r.band != "link"


async def test_a_namesake_in_another_village_with_another_birth_date_is_not_linked():
    r = await match_one(MatchRecord("", "阿卜杜拉·买买提", "M", date(1991, 2, 2), OTHER_VILLAGE))
    assert r.band != "link"


async def test_a_valid_id_missing_from_the_registry_is_not_linked_to_a_namesake():
    stranger = with_check(f"653125{ABDULLA['birth_date']:%Y%m%d}777")
    r = await match_one(record(ABDULLA, rid=stranger))
    assert r.band != "link" and r.resident_id is None and r.reason.startswith("id_unknown")


async def test_a_day_month_swap_still_links():
    r = await match_one(record(ABDULLA, rid="", born=date(1990, 4, 3)))
    assert (r.band, r.resident_id) == ("link", ABDULLA["resident_id"])
    assert r.compared_fields["birth_date"][0] == "day_month_swapped"


async def test_two_registry_people_that_the_record_cannot_tell_apart_go_to_review():
    twin = dict(ABDULLA, resident_id=with_check(f"653125{ABDULLA['birth_date']:%Y%m%d}021"))
    r = await match_one(record(ABDULLA, rid=""), FakeRegistry(REGISTRY + [twin]))
    assert r.band == "review" and r.reason.endswith("ambiguous")
    assert {c.resident_id for c in r.candidates[:2]} == {ABDULLA["resident_id"], twin["resident_id"]}


async def test_a_han_name_links_without_an_id():
    r = await match_one(record(WANG, rid=""))
    assert (r.band, r.resident_id) == ("link", WANG["resident_id"])


async def test_a_record_with_only_a_name_is_rejected_for_lack_of_candidates():
    r = await match_one(MatchRecord("", "艾力·买买提", None, None, None))
    assert (r.band, r.reason) == ("reject", "id_missing:no_candidates")


async def test_without_a_birth_date_the_village_and_initial_still_find_the_person():
    r = await match_one(MatchRecord("", "艾力·买买提", "M", None, VILLAGE))
    assert r.candidates and r.candidates[0].resident_id == ELI["resident_id"]


# --- batching ----------------------------------------------------------------------------------

async def test_a_whole_batch_costs_at_most_two_queries_and_keeps_the_input_order():
    conn = FakeRegistry()
    batch = [record(ELI), record(ABDULLA, rid="", name="阿不都拉·麦麦提"), record(GULI, rid="1234"), record(WANG)]
    results = await match_batch(conn, batch)
    assert conn.queries == 2
    assert [r.resident_id for r in results] == [ELI["resident_id"], ABDULLA["resident_id"], GULI["resident_id"],
                                                WANG["resident_id"]]


async def test_a_batch_of_exact_ids_costs_one_query():
    conn = FakeRegistry()
    await match_batch(conn, [record(p) for p in REGISTRY])
    assert conn.queries == 1


# --- an ID refused for a character nobody types is no evidence (acceptance 2) ----------------

SPOILERS = {"emoji": "\U0001F600", "zero-width space": "\u200b", "tab": "\t", "vertical tab": "\x0b",
            "unit separator": "\x1f", "bell": "\x07", "zero-width joiner": "\u200d"}


@pytest.mark.parametrize("where", [1, 6, 14, 17])
@pytest.mark.parametrize("what", SPOILERS)
async def test_an_id_with_a_forbidden_character_inside_is_compared_as_no_id(what, where):
    rid = ELI["resident_id"]
    spoiled = rid[:where] + SPOILERS[what] + rid[where:]
    bill = MatchRecord(spoiled, ELI["name"])  # name only: without the ID it does not link
    without = await match_one(MatchRecord(None, ELI["name"]))
    r = await match_one(bill)
    assert without.band != "link" and r.band != "link", (r.reason, r.link_fields())
    assert r.reason.startswith("id_invalid")
    assert all(c.level("resident_id") is None for c in r.candidates)


async def test_an_id_with_a_forbidden_character_and_every_field_links_by_the_other_fields_only():
    rid = ELI["resident_id"]
    r = await match_one(record(ELI, rid=rid[:9] + "\u200b" + rid[9:]))
    assert (r.band, r.resident_id) == ("link", ELI["resident_id"]), r.reason
    assert "resident_id" not in r.compared_fields


@pytest.mark.parametrize("spoil,level", [
    (lambda rid: rid[:17] + ("0" if rid[17] != "0" else "1"), "same_body"),  # a wrong check character
    (lambda rid: rid[:8] + rid[9:], "one_edit"),  # a digit left out
    (lambda rid: rid[:10] + rid[11] + rid[10] + rid[12:], "one_edit"),  # two digits swapped
])
async def test_an_id_refused_for_its_form_still_counts_as_evidence(spoil, level):
    rid = ELI["resident_id"]
    assert spoil(rid) != rid
    r = await match_one(record(ELI, rid=spoil(rid)))
    assert (r.band, r.resident_id) == ("link", rid), r.reason
    assert r.compared_fields["resident_id"][0] == level
