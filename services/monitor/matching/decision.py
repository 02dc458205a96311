"""The probabilistic decision: link, review or reject the best of the blocked candidates."""
from __future__ import annotations

from collections.abc import Sequence

from .candidate import Candidate
from .result import TOP, MatchResult
from .weights import FSModel


def runner_up(ranked: Sequence[Candidate]) -> float:
    """Score of the best rival of ranked[0]: the next candidate whose names do not disagree with
    the record. One whose name is a syllable away is another person (a twin, a brother), not a
    reading of the record's name: 古丽娜's record does not make her twin 古丽扎 a rival."""
    return next((c.score for c in ranked[1:] if c.names_agree is not False), float("-inf"))


def decide(model: FSModel, ranked: Sequence[Candidate], reason: str) -> MatchResult:
    """Probabilistic decision on candidates sorted best first. The best links when it reaches
    the auto-link threshold for `reason`, leads its rival (`runner_up`) by `margin` bits, and no
    personal field says it is someone else (`Candidate.disagrees`: a name a syllable away, another
    sex, another birth date: a sibling, a twin, a namesake of the village); otherwise review from
    the review threshold, else reject."""
    if not ranked:
        return MatchResult(None, None, "probabilistic", "reject", None, (), f"{reason}:no_candidates")
    best = ranked[0]
    top = tuple(ranked[:TOP])
    link = model.link_threshold_for(reason)
    clear = best.score >= link and best.score - runner_up(ranked) >= model.margin
    doubt = best.disagrees()
    if clear and doubt is None:
        return MatchResult(best.resident_id, best.household_id, "probabilistic", "link", best.score, top,
                           f"{reason}:linked")
    if best.score >= model.review_threshold:
        why = doubt if clear else "ambiguous" if best.score >= link else "below_link"
        return MatchResult(None, None, "probabilistic", "review", best.score, top, f"{reason}:{why}")
    return MatchResult(None, None, "probabilistic", "reject", best.score, top, f"{reason}:below_review")
