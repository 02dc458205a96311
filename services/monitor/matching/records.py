"""What the matcher takes in: a department's description of a person."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


class PersonLike(Protocol):
    """What a department says about the person; shared.contracts.types.Person fits."""

    resident_id: str | None
    name: str | None
    gender: str | None
    birth_date: date | None
    village_code: str | None


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """A plain PersonLike (the evaluation reads these from CSV)."""

    resident_id: str | None
    name: str | None
    gender: str | None = None
    birth_date: date | None = None
    village_code: str | None = None
