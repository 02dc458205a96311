"""The hard-case set's data: synthetic people, their families, and records with their truth."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.monitor.matching import MatchRecord

SEED = 15015
FAMILIES = 300


@dataclass
class Person:
    resident_id: str
    name: str
    gender: str
    birth_date: date
    relation: str
    registered: bool = True


@dataclass
class Family:
    household_id: str
    village_code: str
    people: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class HardCase:
    kind: str
    record: MatchRecord
    truth: str  # registry ID of the person the record is about, "" if not in the registry
