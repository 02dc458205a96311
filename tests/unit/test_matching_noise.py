"""The labelled-set generator (tooling/matching/noise/) and the labelled file format."""
import random
from collections import Counter
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from shared.resident_id import InvalidResidentId, normalise
from tooling.matching.noise.dots import redot
from tooling.matching.noise.id_noise import id_typo, to_15
from tooling.matching.noise.people import RegistryPerson
from tooling.matching.noise.rates import NoiseRates
from tooling.matching.noise.records import make_labelled
from tooling.matching.noise.spellings import transliterate
from tooling.matching.labelled import read_csv, write_csv
from tooling.registry.generate import generate


def registry_people(households: int, seed: int) -> list[RegistryPerson]:
    return [RegistryPerson(p.resident_id, p.name, p.gender, p.birth_date, h.village_code)
            for h in generate(households, seed) for p in h.persons]


PEOPLE = registry_people(600, 3)
OUTSIDERS = registry_people(60, 4)


def test_each_kind_of_noise_hits_its_stated_share_of_records():
    recs = make_labelled(PEOPLE, OUTSIDERS, 2000, NoiseRates(), seed=5)
    tags = Counter(t.split(":")[0] for r in recs for t in r.noise)
    assert tags["not_in_registry"] == 100 and sum(1 for r in recs if not r.true_resident_id) == 100
    assert tags["id_missing"] == 100 and tags["id_typo"] == 60 and tags["id_15_digit"] == 40
    assert tags["date_swap"] == 40 and tags["id_format"] == 60
    uyghur = sum(1 for r in recs if any(d in r.name for d in "·•‧.・ ") or "dot" in ";".join(r.noise))
    assert abs(tags["dot"] - 0.10 * uyghur) <= 2


def test_the_same_seed_gives_the_same_records():
    a = make_labelled(PEOPLE, OUTSIDERS, 300, seed=9)
    b = make_labelled(PEOPLE, OUTSIDERS, 300, seed=9)
    assert a == b


def test_a_typo_always_makes_the_id_fail_its_check_or_its_length():
    rng = random.Random(1)
    for p in PEOPLE[:300]:
        typo = id_typo(p.resident_id, rng)
        try:
            normalise(typo)
        except InvalidResidentId:
            continue
        raise AssertionError("a single typo passed GB 11643")


def test_a_15_digit_id_normalises_back_to_the_registry_id():
    for p in PEOPLE[:200]:
        if p.birth_date.year < 2000:
            assert normalise(to_15(p.resident_id)).value == p.resident_id


def test_a_day_month_swap_keeps_the_year_and_exchanges_day_and_month():
    recs = make_labelled(PEOPLE, OUTSIDERS, 1000, NoiseRates(date_swap=0.2), seed=2)
    by_id = {p.resident_id: p for p in PEOPLE}
    for r in recs:
        if "date_swap" in r.noise and r.true_resident_id:
            true = by_id[r.true_resident_id].birth_date
            assert (r.birth_date.year, r.birth_date.month, r.birth_date.day) == (true.year, true.day, true.month)


def test_transliteration_noise_changes_a_name_but_keeps_its_length_roughly():
    rng = random.Random(3)
    kinds = Counter()
    for part in ["阿卜杜拉", "古丽", "吐尔逊", "买买提", "热依拉", "艾则孜"] * 20:
        changed = transliterate(part, rng)
        assert changed is not None and changed[0] != part and abs(len(changed[0]) - len(part)) <= 1
        kinds[changed[1]] += 1
    assert set(kinds) <= {"table", "homophone", "near", "er"} and len(kinds) >= 3


@given(st.sampled_from(["阿卜杜拉·买买提", "古丽·艾力"]), st.randoms())
def test_redotting_keeps_both_parts(name, rng):
    out, label = redot(name, rng)
    given_name, father = name.split("·")
    assert out.startswith(given_name) and out.endswith(father) and label


def test_the_labelled_file_round_trips(tmp_path):
    recs = make_labelled(PEOPLE, OUTSIDERS, 200, seed=4)
    write_csv(tmp_path / "l.csv", recs)
    assert read_csv(tmp_path / "l.csv") == recs


def test_the_labelled_file_accepts_chinese_gender_and_other_date_forms(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("resident_id,name,gender,birth_date,village_code,true_resident_id\n"
                    "653101199001011235,阿卜杜拉·买买提,男,1990/1/1,653101001001,\n"
                    "653101199001011235,古丽·买买提,女,19900101,,653101199001011235\n", encoding="utf-8")
    a, b = read_csv(path)
    assert (a.gender, a.birth_date, a.true_resident_id) == ("M", date(1990, 1, 1), "")
    assert (b.gender, b.birth_date, b.village_code) == ("F", date(1990, 1, 1), None)
