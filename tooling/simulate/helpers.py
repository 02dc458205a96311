"""Building blocks for department simulators: persons, business times, envelopes."""
import calendar
import uuid
from datetime import date, datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from shared.contracts.types import Person
from tooling.simulate.people import SimPerson

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def person_of(p: SimPerson) -> Person:
    return Person(resident_id=p.resident_id, name=p.name, birth_date=p.birth_date, gender=p.gender,
                  village_code=p.village_code)


def day_in_month(rng: Random, month_start: date) -> date:
    days = calendar.monthrange(month_start.year, month_start.month)[1]
    return month_start + timedelta(days=rng.randrange(days))


def business_time(rng: Random, day: date) -> datetime:
    """A working-hours time on `day`, Asia/Shanghai, timezone-aware."""
    return datetime.combine(day, time(rng.randint(9, 18), rng.randrange(60), rng.randrange(60)), LOCAL_TZ)


def envelope(model: type, department: str, rng: Random, when: datetime, data):
    return model(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), source=f"/kashgar/{department}",
                 type=model.model_fields["type"].annotation.__args__[0], time=when, data=data)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
