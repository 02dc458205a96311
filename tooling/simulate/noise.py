"""Dirt on purpose: department data is dirty, so a share of simulated events is made wrong —
people who are not in the registry (valid IDs), IDs with a wrong check character or none, and
truncated JSON. The monitor must route each to unmatched, matching or dead-letter."""
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from stdnum.cn import ric

from tooling.simulate.people import SimPerson


@dataclass(frozen=True)
class Noise:
    unknown_person: float = 0.02  # valid resident ID, not in the registry
    bad_check_character: float = 0.005
    malformed_json: float = 0.001
    missing_id: float = 0.01  # the department did not record the ID; name, gender, birth date, village kept


OUTSIDER_NAMES = ("外来务工人员甲", "外来务工人员乙", "外来务工人员丙")  # plainly synthetic, in no registry


#: Issuing codes of people the registry never holds: Beijing's Dongcheng district (a migrant
#: worker, outside the monitored region) and Kashgar prefecture's own code 653100 (issued in the
#: region, but the registry generator gives every resident a county's code, never this one).
OUTSIDER_COUNTIES = ("110101", "653100")


def outsider(person: SimPerson, rng: Random) -> SimPerson:
    """Somebody the registry does not hold: another name, another birth date, and an ID issued
    outside the region or by the prefecture itself (OUTSIDER_COUNTIES, half each)."""
    born = person.birth_date - timedelta(days=rng.randint(400, 4000))
    first17 = rng.choice(OUTSIDER_COUNTIES) + born.strftime("%Y%m%d") + f"{rng.randint(0, 999):03d}"
    return SimPerson(first17 + ric.calc_check_digit(first17 + "0"), rng.choice(OUTSIDER_NAMES), person.gender, born,
                     "", "", False)


def with_bad_check(person: SimPerson) -> SimPerson:
    last = person.resident_id[-1]
    wrong = "0" if last != "0" else "1"
    return SimPerson(person.resident_id[:-1] + wrong, person.name, person.gender, person.birth_date,
                     person.village_code, person.household_id, person.main_earner)


def with_noise(event, rng: Random, noise: Noise) -> tuple[bytes, str]:
    roll = rng.random()
    person = event.data.person
    if roll < noise.malformed_json:
        return event.model_dump_json().encode()[: rng.randint(5, 60)], "malformed_json"
    roll -= noise.malformed_json
    if roll < noise.bad_check_character:
        bad = person.model_copy(update={"resident_id": with_bad_check(_as_sim(person)).resident_id})
        return _replace_person(event, bad), "bad_check_character"
    roll -= noise.bad_check_character
    if roll < noise.missing_id:
        return _replace_person(event, person.model_copy(update={"resident_id": None})), "missing_id"
    roll -= noise.missing_id
    if roll < noise.unknown_person:
        o = outsider(_as_sim(person), rng)
        other = person.model_copy(update={"resident_id": o.resident_id, "name": o.name, "birth_date": o.birth_date,
                                          "village_code": None})
        return _replace_person(event, other), "unknown_person"
    return event.model_dump_json().encode(), "valid"


def _as_sim(person) -> SimPerson:
    return SimPerson(person.resident_id, person.name, person.gender or "M", person.birth_date or date(1980, 1, 1),
                     person.village_code or "", "", False)


def _replace_person(event, person) -> bytes:
    data = event.data.model_copy(update={"person": person})
    return event.model_copy(update={"data": data}).model_dump_json().encode()
