"""The seeded workload: a month of every simulated department's events (services/<d>/simulator.py
through tooling.simulate), on households split between channels so that each household's events
come from one member, one department and one channel, in one order, with or without faults (the
monitor's effects depend on the order of a household's events, never on the order across households)."""
import zlib
from dataclasses import dataclass, field
from datetime import date
from random import Random

from tooling.simulate.departments import SIMULATED, simulator_of
from tooling.simulate.noise import Noise, with_noise
from tooling.simulate.people import SimPerson

MONTH = date(2026, 10, 1)
FILE_DEPARTMENT = "health_insurance"
CHANNELS = ("kafka", "http")


@dataclass
class Workload:
    """`kafka`: department -> [(resident ID for the key, value bytes)] (with the simulators' noise);
    `http`: department -> [event JSON bytes] (clean: a bad item refuses the whole post); `file_rows`:
    rows of FILE_DEPARTMENT's spreadsheet, written from `file_people`."""

    kafka: dict[str, list[tuple[str | None, bytes]]] = field(default_factory=dict)
    http: dict[str, list[bytes]] = field(default_factory=dict)
    file_people: list[SimPerson] = field(default_factory=list)
    file_rows: int = 0

    @property
    def events(self) -> int:
        return sum(map(len, self.kafka.values())) + sum(map(len, self.http.values())) + self.file_rows


def slot_of(household_id: str, slots: int) -> int:
    return zlib.crc32(household_id.encode()) % slots


def one_member_each(people: list[SimPerson]) -> list[SimPerson]:
    """One member of each household, drawn by a hash: events are keyed by person, so two members'
    events take two partitions, and the order between partitions is the broker's, not the seed's."""
    members: dict[str, list[SimPerson]] = {}
    for p in people:
        members.setdefault(p.household_id, []).append(p)
    return [m[zlib.crc32(h.encode()) % len(m)] for h, m in sorted(members.items())]


def build(people: list[SimPerson], total: int, seed: int) -> Workload:
    """At least `total` events (fewer than one share more): an equal share per (department, channel)
    and for the file."""
    slots = [(d, c) for d in SIMULATED for c in CHANNELS] + [(FILE_DEPARTMENT, "file")]
    groups: dict[int, list[SimPerson]] = {i: [] for i in range(len(slots))}
    for p in one_member_each(people):
        groups[slot_of(p.household_id, len(slots))].append(p)
    share, work = max(1, -(-total // len(slots))), Workload()  # rounded up
    for i, (dept, channel) in enumerate(slots):
        rng = Random(f"{seed}:{dept}:{channel}")
        events = list(simulator_of(dept)(groups[i], rng, MONTH, share))
        if channel == "kafka":
            noisy = [(e.data.person.resident_id, with_noise(e, rng, Noise())[0]) for e in events]
            work.kafka[dept] = noisy
        elif channel == "http":
            work.http[dept] = [e.model_dump_json().encode() for e in events]
        else:
            work.file_people, work.file_rows = groups[i], share
    return work
