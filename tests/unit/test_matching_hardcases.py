"""The hard-case set of relatives (tooling/matching/hardcases/): what it contains and
how it is scored. Matching it runs against PostgreSQL in bench-matching."""
from collections import Counter
from pathlib import Path

from stdnum.cn import ric

from services.monitor.matching.names.parts import split_name
from services.monitor.matching.names.syllables import variant_of
from services.monitor.matching import MatchResult
from tooling.matching import fit
from tooling.matching.hardcases.build import build
from tooling.matching.hardcases.people import SEED
from tooling.matching.hardcases.scores import score

VILLAGES = ["653125203201", "653125203202", "653101001001"]


def built():
    return build(VILLAGES, 60, seed=SEED)


def test_the_set_is_the_same_for_the_same_seed_and_another_for_another():
    assert [c.record for c in built().cases] == [c.record for c in built().cases]
    assert [c.record for c in build(VILLAGES, 60, seed=1).cases] != [c.record for c in built().cases]


def test_every_kind_of_relative_is_there():
    kinds = Counter(c.kind for c in built().cases)
    assert set(kinds) >= {"sibling_id", "sibling_absent", "sibling_no_id", "twin_id", "twin_absent", "twin_no_id",
                          "parent_id", "newborn", "namesake"}


def test_siblings_and_twins_have_names_one_syllable_apart_that_are_not_variants():
    for fam in built().families:
        if fam.household_id[-4:].startswith("95"):
            continue  # a namesakes' household: one child, named like a child of another household
        given = [split_name(p.name).given if "·" in p.name else p.name[1:]
                 for p in fam.people if p.relation == "child"]
        assert len(set(given)) == len(given)
        assert any(len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1 and not variant_of(a, b)
                   for i, a in enumerate(given) for b in given[i + 1:])


def test_twins_share_household_and_birth_date():
    twins = [c for c in built().cases if c.kind == "twin_id"]
    assert twins
    fams = {p.resident_id: (f.household_id, p.birth_date) for f in built().families for p in f.people}
    for c in twins:
        assert fams[c.record.resident_id][1] == c.record.birth_date  # the sister's ID, her birth date


def test_ids_are_valid_and_people_not_registered_have_no_truth():
    b = built()
    registered = {p.resident_id for f in b.families for p in f.people if p.registered}
    for c in b.cases:
        if c.record.resident_id:
            assert ric.is_valid(c.record.resident_id)
        assert c.truth == "" or c.truth in registered
        if c.kind in ("sibling_absent", "twin_absent", "newborn"):
            assert c.truth == ""


def _result(band, rid=None):
    return MatchResult(rid, None, "exact", band, None, (), "test")


def test_a_link_for_someone_not_in_the_registry_counts_as_wrong_and_review_is_a_share():
    b = built()
    absent = next(c for c in b.cases if c.truth == "")
    present = next(c for c in b.cases if c.truth)
    s = score([absent, present, present], [_result("link", "x"), _result("link", present.truth),
                                                     _result("review")])
    assert (s.records, s.wrong, s.review) == (3, 1, 1)
    assert s.line() == "hardcase_records=3 hardcase_wrong=1 hardcase_review=0.3333"
    s = score([present], [_result("link", absent.record.resident_id or "y")])
    assert s.wrong == 1


def test_the_fit_never_sees_the_hard_cases():
    files = sorted(Path(fit.__file__).parent.glob("*.py"))
    assert len(files) > 3
    for f in files:
        assert "hardcases" not in f.read_text(encoding="utf-8"), f
