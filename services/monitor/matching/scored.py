"""A record's candidates before the decision."""
from __future__ import annotations

from dataclasses import dataclass

from .candidate import Candidate
from .result import Method


@dataclass(frozen=True, slots=True)
class Scored:
    """A record's candidates before the decision: the exact hit alone, or the blocked ones.
    For an ID hit, `household` holds the other members of the owner's household, and
    `elsewhere` the blocked people, both scored on every field (their resident ID compared with
    the record's too)."""

    exact: bool
    method: Method
    reason: str
    ranked: tuple[Candidate, ...]  # best first
    household: tuple[Candidate, ...] = ()
    truncated: bool = False  # the ID has the shape a spreadsheet leaves: it cannot link by itself
    #: For an ID hit its owner does not confirm: the people the blocking path finds for the
    #: record's other fields (`elsewhere.elsewhere_candidates`), in any household, owner left out.
    elsewhere: tuple[Candidate, ...] = ()
