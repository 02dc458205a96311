"""The matcher's decision for one record."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .candidate import Candidate

Method = Literal["exact", "normalised", "probabilistic"]
Band = Literal["link", "review", "reject"]

TOP = 3  # candidates kept for review


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The decision for one record. `resident_id`/`household_id` are set only for band 'link';
    `candidates` (at most 3) let a reviewer choose. `reason` is a code, never personal data.
    ID found in the registry: id_in_registry (linked to its owner); id_relative:linked (linked
    to another member of the owner's household, decisive evidence); id_elsewhere:linked (linked
    to someone the blocking path found for the other fields, decisive evidence, see
    `elsewhere.decisive_elsewhere`); review with id_contradicted
    (the other fields score below the model's exact_review_below; the owner first, then members
    that fit as well or better), id_relative (a member of the owner's household fits as well or
    better; best first), id_name_differs | id_gender_differs | id_birth_date_differs (the owner
    disagrees on that field; the owner alone), id_truncated:linked | id_truncated:below_link (an
    ID a spreadsheet truncated, confirmed or not by the other fields); every such review also
    lists the best people found elsewhere whose names agree (`elsewhere.with_elsewhere`).
    Probabilistic path:
    id_missing | id_invalid | id_unknown | id_truncated followed by :linked | :ambiguous |
    :below_link | :name_differs | :gender_differs | :birth_date_differs (would link but for that
    field) | :below_review | :no_candidates."""

    resident_id: str | None
    household_id: str | None
    method: Method
    band: Band
    score: float | None
    candidates: tuple[Candidate, ...]
    reason: str

    @property
    def compared_fields(self) -> dict[str, tuple[str, float]]:
        """The fields compared for the best candidate, with level and weight."""
        return self.candidates[0].compared_fields if self.candidates else {}

    def link_fields(self) -> list[str]:
        """For the alert's Link.compared_fields: 'given_name=same_sound(+7.0)'."""
        return [f"{name}={level}({weight:+.1f})" for name, (level, weight) in self.compared_fields.items()]
