"""Demo simulator: a month of one department's events, published straight to its topic.

Department data is dirty, so a share of events is made wrong on purpose: people who are not
in the registry (valid IDs), IDs with a wrong check character, and truncated JSON. Those
shares are parameters; the monitor must route each to unmatched or dead-letter.
"""
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from rich.progress import Progress
from stdnum.cn import ric

from shared import topics
from shared.keys import person_key
from shared.kit.department import Department
from shared.outbox import idempotent_producer
from tooling.simulate.departments import simulator_of
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


def event_id(rng: Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


async def simulate(dept: Department, people: list[SimPerson], month_start: date, count: int, seed: int,
                   bootstrap: str, key_secret: str, noise: Noise = Noise(), progress: bool = True) -> Counter:
    """Publish `count` events of `dept` for the month; returns counts by kind (valid, unknown_person, ...)."""
    rng = Random(f"{seed}:{dept.code}")
    topic = topics.events_topic(dept.code)
    counts: Counter = Counter()
    producer = idempotent_producer(bootstrap)
    await producer.start()
    try:
        with Progress(disable=not progress, transient=True) as bar:
            task = bar.add_task(f"{dept.code}: publishing", total=count)
            sent = []
            for event in simulator_of(dept.code)(people, rng, month_start, count):
                value, kind = _with_noise(event, rng, noise)
                sent.append(await producer.send(topic, value=value,
                                                key=person_key(event.data.person.resident_id, key_secret)))
                counts[kind] += 1
                bar.advance(task)
            for fut in sent:
                await fut
    finally:
        await producer.stop()
    return counts


def _with_noise(event, rng: Random, noise: Noise) -> tuple[bytes, str]:
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
