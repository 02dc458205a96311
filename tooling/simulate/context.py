"""What a department's simulator (services/<code>/simulator.py) draws from: one month of one
department, with the random source and the people it picks from. The simulator imports only
shared/ and its own contracts; everything of the offline tooling reaches it through this."""
import calendar
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from shared.contracts.types import Person
from tooling.simulate.people import SimPerson

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class MonthContext:
    rng: Random
    people: list[SimPerson]
    month_start: date  # the first day of the simulated month
    source: str  # the department's CloudEvents source, /kashgar/<code>

    def day(self) -> date:
        """A random day of the month."""
        days = calendar.monthrange(self.month_start.year, self.month_start.month)[1]
        return self.month_start + timedelta(days=self.rng.randrange(days))

    def at(self, day: date) -> datetime:
        """A working-hours time on `day`, Asia/Shanghai, timezone-aware."""
        return datetime.combine(day, time(self.rng.randint(9, 18), self.rng.randrange(60), self.rng.randrange(60)),
                                LOCAL_TZ)

    def aged(self, low: int, high: int) -> list[SimPerson]:
        """The people aged low..high at the start of the month (everybody when nobody is)."""
        return [p for p in self.people if low <= self.age(p, self.month_start) <= high] or self.people

    def heads(self) -> list[SimPerson]:
        """The main earners, under whom household records are filed (everybody when nobody is)."""
        return [p for p in self.people if p.main_earner] or self.people

    @staticmethod
    def person(p: SimPerson) -> Person:
        return Person(resident_id=p.resident_id, name=p.name, birth_date=p.birth_date, gender=p.gender,
                      village_code=p.village_code)

    @staticmethod
    def age(p: SimPerson, day: date) -> int:
        """Age in whole years of `p` on `day`."""
        born = p.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def event(self, model: type, when: datetime, data):
        """A `model` CloudEvent of this department at `when`, with a random (seeded) id."""
        return model(id=str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), source=self.source,
                     type=model.model_fields["type"].annotation.__args__[0], time=when, data=data)
