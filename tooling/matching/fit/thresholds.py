"""The matcher's decision thresholds, chosen on labelled data."""
from __future__ import annotations

import math
from collections.abc import Iterable


def choose_thresholds(best: Iterable[tuple[float, bool]], true_scores: Iterable[float], *,
                      link_precision: float = 0.995, review_recall: float = 0.99) -> tuple[float, float]:
    """(auto-link, review) thresholds from labelled probabilistic decisions.

    best: (score of the best candidate, whether it is the true person) per record decided by
    the probabilistic path; true_scores: the true person's score wherever blocking found it.
    Auto-link: take the most links that keep `link_precision` and end on a true one, and put the
    threshold halfway to the next lower score (never on top of a known error). Review: the
    score that `review_recall` of the true persons reach, never above the auto-link threshold.
    """
    groups: dict[float, list[int]] = {}
    for score, correct in best:
        g = groups.setdefault(score, [0, 0])
        g[0] += correct
        g[1] += 1
    scores = sorted(groups, reverse=True)
    link, good, seen = math.inf, 0, 0
    for k, score in enumerate(scores):
        g, t = groups[score]
        good, seen = good + g, seen + t
        if good / seen >= link_precision and 2 * g > t:  # precise so far, and mostly right at the edge
            below = scores[k + 1] if k + 1 < len(scores) else score - 2.0
            link = (score + below) / 2
    trues = sorted(true_scores)
    review = trues[int((1 - review_recall) * len(trues))] if trues else link
    return link, min(review, link)
