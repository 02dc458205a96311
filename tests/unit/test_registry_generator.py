"""Synthetic registry generator: determinism, valid resident IDs, calibration."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from itertools import islice

import pytest
from stdnum.cn import ric

from tooling.registry import names
from services.monitor.registry.rows import MONITORING_LINE_YUAN
from tooling.registry.generate import generate
from tooling.registry.generate.calibration import (
    CATEGORIES,
    CATEGORY_SHARES,
    SEED_HOUSEHOLDS,
    SEED_UNDER_LINE,
    SEED_UNDER_LINE_HOUSEHOLDS,
    SIZE_PMF,
)
from tooling.registry.generate.draws import Draws
from tooling.registry.generate.resident_ids import ResidentIds
from tooling.registry.generate.summary import households_summary
from tooling.registry.generate.under_line import under_line_table
from tooling.registry.kashgar import COUNTIES, COUNTY_BY_CODE, FORMERLY_POOR_VILLAGES, villages

pytestmark = pytest.mark.unit

SAMPLE_HOUSEHOLDS = 20_000
SAMPLE_SEED = 4242


@pytest.fixture(scope="module")
def registry():
    return list(generate(SAMPLE_HOUSEHOLDS, SAMPLE_SEED))


@pytest.fixture(scope="module")
def persons(registry):
    return [p for h in registry for p in h.persons]


def _age(born: date, on: date = date(2026, 1, 1)) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_the_same_seed_gives_the_same_registry():
    assert list(generate(1_500, 11)) == list(generate(1_500, 11))


def test_a_different_seed_gives_a_different_registry():
    first = list(generate(1_500, 11))
    second = list(generate(1_500, 12))
    assert [p.resident_id for h in first for p in h.persons] != [
        p.resident_id for h in second for p in h.persons
    ]
    assert [h.income_per_capita_yuan for h in first] != [h.income_per_capita_yuan for h in second]


def test_the_generator_yields_exactly_the_number_of_households_asked_for(registry):
    assert len(registry) == SAMPLE_HOUSEHOLDS
    assert list(generate(0)) == []
    assert len(list(generate(7, 1))) == 7


def test_every_resident_id_passes_the_gb11643_check(persons):
    # The full check (is_valid also looks up the area code, ~0.1 ms each) on a smaller
    # registry; the check character alone on the whole sample.
    small = [p.resident_id for h in generate(2_000, 99) for p in h.persons]
    assert all(ric.is_valid(rid) for rid in small)
    assert all(ric.calc_check_digit(p.resident_id) == p.resident_id[-1] for p in persons)


def test_a_full_birth_day_moves_the_next_person_one_day_earlier():
    ids = ResidentIds(Draws(1))
    day = date(1990, 5, 17).toordinal()
    issued = [ids.issue("653125", day, "M") for _ in range(501)]
    ids = [rid for rid, _ in issued]
    assert len(set(ids)) == 501 and all(ric.is_valid(rid) for rid in ids)
    assert {born for _, (born, _, _) in issued[:500]} == {date(1990, 5, 17)}
    assert issued[500][1][0] == date(1990, 5, 16)
    assert all(int(rid[16]) % 2 == 1 for rid in ids)


def test_resident_id_encodes_the_county_birth_date_and_gender_of_the_person(registry):
    for h in registry:
        for p in h.persons:
            rid = p.resident_id
            assert len(rid) == 18
            assert rid[:6] == h.county_code
            assert rid[6:14] == p.birth_date.strftime("%Y%m%d")
            assert ric.get_birth_date(rid) == p.birth_date
            assert (int(rid[16]) % 2 == 1) == (p.gender == "M")
            assert rid[14:17] != "000"


def test_resident_ids_are_unique_across_the_registry(persons):
    assert len({p.resident_id for p in persons}) == len(persons)


def test_household_size_averages_about_four_persons(registry):
    sizes = [h.members for h in registry]
    assert all(1 <= s <= 9 for s in sizes)
    assert all(h.members == len(h.persons) for h in registry)
    mean = sum(sizes) / len(sizes)
    # Seed: 1,195,700 people in 294,800 households = 4.056 per household.
    assert 4.0 <= mean <= 4.12


def test_under_line_share_matches_the_seed_figures(registry):
    summary = households_summary(registry)
    expected = SEED_UNDER_LINE_HOUSEHOLDS / SEED_HOUSEHOLDS  # 47,564 / 294,800 = 16.1 %
    assert abs(summary.under_line_households / summary.households - expected) < 0.01
    # Seed: 220,408 people in those households, 4.63 per household.
    assert 4.4 <= summary.under_line_persons / summary.under_line_households <= 4.9


def test_only_formerly_poor_and_marginal_households_are_under_the_line(registry):
    under = Counter(h.category for h in registry if h.income_per_capita_yuan < MONITORING_LINE_YUAN)
    assert set(under) == {"formerly_poor", "marginal"}
    assert set(h.category for h in registry) == set(CATEGORIES)


def test_under_line_probabilities_average_to_the_seed_shares():
    table = under_line_table()
    for category, share in zip(CATEGORIES, CATEGORY_SHARES):
        expected = SEED_UNDER_LINE[category] / (SEED_HOUSEHOLDS * share)
        average = sum(p * q for p, q in zip(SIZE_PMF, table[category]))
        assert average == pytest.approx(expected, abs=1e-9)
        assert all(0 <= q < 1 for q in table[category])


def test_incomes_are_decimals_with_two_places(registry):
    for h in registry:
        assert isinstance(h.income_per_capita_yuan, Decimal)
        assert h.income_per_capita_yuan.as_tuple().exponent == -2
        assert h.income_per_capita_yuan > 0
        assert h.income_year == 2025


def test_every_household_has_exactly_one_head(registry):
    for h in registry:
        assert sum(p.relation == "head" for p in h.persons) == 1
        assert h.persons[0].relation == "head"
        assert sum(p.relation == "spouse" for p in h.persons) <= 1


def test_names_contain_no_latin_characters(persons):
    latin = re.compile(r"[A-Za-z]")
    assert not [p for p in persons if latin.search(p.name)]


def test_the_given_name_agrees_with_the_gender(persons):
    assert all(names.gender_of(p.name) == p.gender for p in persons)


def test_most_households_have_uyghur_style_names(registry):
    uyghur = sum(names.MIDDLE_DOT in h.persons[0].name for h in registry)
    assert 0.85 <= uyghur / len(registry) <= 0.97


def test_children_carry_their_fathers_name(registry):
    checked = 0
    for h in registry:
        head = h.persons[0]
        if head.gender != "M":
            continue
        for child in (p for p in h.persons if p.relation == "child"):
            if names.MIDDLE_DOT in head.name:  # Uyghur: father's given name after the dot
                assert child.name.split(names.MIDDLE_DOT)[1] == names.given_name(head.name)
            else:  # Han: the father's surname
                assert child.name[0] == head.name[0]
            checked += 1
    assert checked > 1_000


def test_children_are_younger_than_their_parents(registry):
    for h in registry:
        head = h.persons[0]
        for p in h.persons:
            if p.relation == "child":
                assert p.birth_date > head.birth_date
            elif p.relation == "parent":
                assert p.birth_date < head.birth_date


def test_children_span_ages_0_to_25_with_many_of_compulsory_education_age(registry):
    # In three-generation households the "child" is the adult parent of the grandchildren.
    child_ages = [
        _age(p.birth_date)
        for h in registry
        if not any(m.relation == "grandchild" for m in h.persons)
        for p in h.persons
        if p.relation == "child"
    ]
    assert min(child_ages) == 0
    assert max(child_ages) <= 26
    school = sum(6 <= a <= 15 for a in child_ages)
    assert school / len(child_ages) > 0.4


def test_only_people_aged_16_to_60_are_able_to_work(persons):
    for p in persons:
        if p.able_to_work:
            assert 16 <= _age(p.birth_date) <= 60


def test_exactly_one_main_earner_where_someone_can_work(registry):
    for h in registry:
        earners = [p for p in h.persons if p.main_earner]
        if any(p.able_to_work for p in h.persons):
            assert len(earners) == 1 and earners[0].able_to_work
        else:
            assert earners == []


def test_codes_follow_the_county_township_village_hierarchy(registry):
    ids = set()
    for h in registry:
        assert h.county_code in COUNTY_BY_CODE
        assert len(h.township_code) == 9 and h.township_code.startswith(h.county_code)
        assert len(h.village_code) == 12 and h.village_code.startswith(h.township_code)
        assert len(h.household_id) == 16 and h.household_id.startswith(h.village_code)
        assert all(p.household_id == h.household_id for p in h.persons)
        ids.add(h.household_id)
    assert len(ids) == len(registry)


def test_larger_counties_hold_more_households(registry):
    per_county = Counter(h.county_code for h in registry)
    assert len(per_county) == 12
    assert per_county["653125"] == max(per_county.values())  # 莎车县
    assert per_county["653131"] == min(per_county.values())  # 塔什库尔干塔吉克自治县


def test_kashgar_has_twelve_divisions_with_their_real_codes():
    assert {c.code: c.name for c in COUNTIES} == {
        "653101": "喀什市", "653121": "疏附县", "653122": "疏勒县", "653123": "英吉沙县",
        "653124": "泽普县", "653125": "莎车县", "653126": "叶城县", "653127": "麦盖提县",
        "653128": "岳普湖县", "653129": "伽师县", "653130": "巴楚县",
        "653131": "塔什库尔干塔吉克自治县",
    }


def test_the_village_list_is_fixed_and_counts_the_formerly_poor_villages():
    all_villages = villages()
    assert len(all_villages) >= 2_500
    assert len({v.code for v in all_villages}) == len(all_villages)
    assert sum(v.formerly_poor for v in all_villages) == FORMERLY_POOR_VILLAGES


def test_generation_is_streamed_so_taking_a_few_households_is_cheap():
    # Generation is streamed: taking a few households does not build the rest.
    assert len(list(islice(generate(SEED_HOUSEHOLDS, 1), 3))) == 3


def test_the_loader_drops_and_rebuilds_the_indexes_declared_in_002():
    from services.monitor.registry.tables import secondary_index_names

    assert sorted(secondary_index_names()) == [
        "households_county_code_idx", "households_village_code_idx",
        "persons_birth_date_idx", "persons_household_id_idx",
    ]


def test_the_csv_export_writes_one_row_per_household_and_person(tmp_path):
    from tooling.registry.export import write_csv

    summary, _ = write_csv(tmp_path, 300, 5)
    household_lines = (tmp_path / "households.csv").read_text(encoding="utf-8").splitlines()
    person_lines = (tmp_path / "persons.csv").read_text(encoding="utf-8").splitlines()
    assert len(household_lines) == 1 + 300
    assert len(person_lines) == 1 + summary.persons
