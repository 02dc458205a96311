"""The demo's simulated people outside the registry: some from outside the monitored region,
some issued in it, so the demo's summary shows both kinds of hold (issue 15 section 4)."""
from datetime import date
from random import Random

from services.monitor.policy import load_policy
from shared.resident_id import normalise
from tooling.registry.kashgar import COUNTY_BY_CODE
from tooling.simulate.people import SimPerson
from tooling.simulate.noise import outsider

PERSON = SimPerson("653101199001011234", "阿卜杜拉·买买提", "M", date(1990, 1, 1), "653101101201", "6531011012010001",
                   True)


def test_outsiders_are_valid_ids_from_both_sides_of_the_region_and_never_a_registry_county():
    rng = Random(7)
    region = load_policy().region
    ids = [normalise(outsider(PERSON, rng).resident_id) for _ in range(200)]
    inside = [n for n in ids if n.county_code.startswith(region)]
    outside = [n for n in ids if not n.county_code.startswith(region)]
    assert 60 < len(inside) < 140 and len(inside) + len(outside) == 200
    # The registry generator only issues its counties' codes: an inside outsider can never collide.
    assert not {n.county_code for n in ids} & set(COUNTY_BY_CODE)
    assert all(n.birth_date < PERSON.birth_date for n in ids)
