"""An ID hit its owner does not confirm: the people found for the record's other fields in
any household (a relative's ID from another household), as candidates or, decisive, the link."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from .candidate import Candidate
from .relatives import contradicts_its_id
from .result import TOP, MatchResult
from .scored import Scored
from .weights import FSModel


def elsewhere_candidates(model: FSModel, s: Scored, blocked: Sequence[tuple[Candidate, Mapping]]
                         ) -> tuple[Candidate, ...]:
    """The blocked people who could be the one an unconfirmed ID hit describes: not the ID's
    owner, and whose names agree with the record's (`names_agree`), or, the record having no
    name, who score from the review threshold. Best first by `Candidate.personal_score`."""
    owner = s.ranked[0].resident_id
    found = [c for c, _ in blocked if c.resident_id != owner and (
        c.names_agree is True or (c.names_agree is None and c.score >= model.review_threshold))]
    return tuple(sorted(found, key=lambda c: -c.personal_score))


def decisive_elsewhere(model: FSModel, owner: Candidate, others: Sequence[Candidate]) -> Candidate | None:
    """The person an unconfirmed ID hit links to in another household, or None; `others` are the
    candidates besides the owner (household members and blocked people), best first by
    personal_score. As for `relatives.decisive_relative`: only when the record contradicts its ID
    on name, sex and birth date together (`contradicts_its_id`), the best other agrees fully
    (names exact or same sound, sex, birth date), and it leads the next other whose names do not
    disagree by the model's margin (no twin, no namesake born that day the record cannot tell apart)."""
    if not others or not contradicts_its_id(owner) or not others[0].agrees_fully():
        return None
    rival = next((c.personal_score for c in others[1:] if c.names_agree is not False), float("-inf"))
    return others[0] if others[0].personal_score - rival >= model.margin else None


def with_elsewhere(model: FSModel, s: Scored, held: MatchResult) -> MatchResult:
    """An ID hit held for review, with the blocked people (`Scored.elsewhere`) among the
    candidates: linked to one of them when decisive (`decisive_elsewhere`, reason
    id_elsewhere:linked), else the review keeps its reason and score, with the owner and the best
    others by personal_score (TOP in all, each person once); the owner comes first, last for
    id_relative (a member fits better)."""
    owner = s.ranked[0]
    others: dict[str, Candidate] = {}
    for c in sorted((*held.candidates, *s.elsewhere), key=lambda c: -c.personal_score):
        if c.resident_id != owner.resident_id:
            others.setdefault(c.resident_id, c)
    ranked = list(others.values())
    other = decisive_elsewhere(model, owner, ranked)
    if other is not None:
        return MatchResult(other.resident_id, other.household_id, "probabilistic", "link", other.score,
                           (other, owner), "id_elsewhere:linked")
    top = (*ranked[:TOP - 1], owner) if held.reason == "id_relative" else (owner, *ranked[:TOP - 1])
    return replace(held, candidates=top)
