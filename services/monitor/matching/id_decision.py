"""The decision for a record whose resident ID is in the registry (matcher.py, step 1)."""
from __future__ import annotations

from .elsewhere import with_elsewhere
from .relatives import decisive_relative, rivals
from .candidate import Candidate
from .result import TOP, MatchResult
from .scored import Scored
from .weights import FSModel


def decide_id_hit(model: FSModel, s: Scored) -> MatchResult:
    """The decision for a record whose resident ID is in the registry (matcher.py, step 1):
    `decide_owner`, then, for a record held for review, the people found for its other fields
    in any household (`elsewhere.with_elsewhere`: among the candidates, or linked when decisive)."""
    held = decide_owner(model, s)
    if held.band != "review" or not s.elsewhere:
        return held
    return with_elsewhere(model, s, held)


def decide_owner(model: FSModel, s: Scored) -> MatchResult:
    """The decision on the ID's owner and the members of the owner's household.

    In order: a decisive other member of the household -> link to them (id_relative:linked);
    the other fields far below the owner (exact_review_below) -> review, id_contradicted; a member
    who fits as well or better -> review, id_relative; the owner's name, sex or birth date
    disagrees -> review, id_<field>_differs; a truncated ID whose other fields do not reach the
    auto-link threshold -> review, id_truncated:below_link; else link to the owner."""
    owner = s.ranked[0]
    better = rivals(owner, s.household)
    other = decisive_relative(owner, better)
    if other is not None:
        return MatchResult(other.resident_id, other.household_id, "probabilistic", "link", other.score,
                           (other, owner), "id_relative:linked")
    if owner.score < model.exact_review_below:
        # The ID exists but name, sex and birth date say it is someone else: a person decides.
        return MatchResult(None, None, s.method, "review", owner.score, (owner, *better)[:TOP], "id_contradicted")
    if better:
        # The owner stays a candidate however many members fit better: the reviewer compares both.
        return MatchResult(None, None, s.method, "review", better[0].score, (*better[:TOP - 1], owner), "id_relative")
    why = owner.disagrees()
    if why is not None:
        return MatchResult(None, None, s.method, "review", owner.score, (owner,), f"id_{why}")
    if s.truncated:
        return _decide_truncated(model, owner)
    return MatchResult(owner.resident_id, owner.household_id, s.method, "link", owner.score, s.ranked, s.reason)


def _decide_truncated(model: FSModel, owner: Candidate) -> MatchResult:
    """An ID with the shape a spreadsheet leaves links only when the other fields reach the
    auto-link threshold for id_truncated; else review."""
    if owner.score >= model.link_threshold_for("id_truncated"):
        return MatchResult(owner.resident_id, owner.household_id, "probabilistic", "link", owner.score, (owner,),
                           "id_truncated:linked")
    return MatchResult(None, None, "probabilistic", "review", owner.score, (owner,), "id_truncated:below_link")
