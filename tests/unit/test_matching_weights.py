"""Fellegi-Sunter weights and thresholds (services/monitor/matching/weights.py)."""
import math

from services.monitor.matching.weights import FSModel
from tooling.matching.fit.counts import LevelCounts
from tooling.matching.fit.thresholds import choose_thresholds

FIELDS = (("name", ("exact", "similar", "different")), ("gender", ("same", "different")))


def test_probabilities_are_smoothed_counts_that_sum_to_one():
    counts = LevelCounts(FIELDS)
    for levels in [(0, 0), (0, 0), (1, None), (2, 1)]:
        counts.add(levels)
    p = counts.probabilities(alpha=0.5)
    assert [round(x, 4) for x in p[0]] == [round(2.5 / 5.5, 4), round(1.5 / 5.5, 4), round(1.5 / 5.5, 4)]
    assert all(math.isclose(sum(row), 1.0) for row in p)
    assert counts.counts[1] == [2, 1]  # the missing gender was not counted


def test_a_level_weighs_log2_m_over_u_and_missing_fields_weigh_nothing():
    model = FSModel(FIELDS, m=[[0.8, 0.15, 0.05], [0.99, 0.01]], u=[[0.01, 0.09, 0.9], [0.5, 0.5]],
                    link_threshold=5, review_threshold=0)
    assert math.isclose(model.score((0, 0)), math.log2(0.8 / 0.01) + math.log2(0.99 / 0.5))
    assert math.isclose(model.score((0, None)), math.log2(0.8 / 0.01))
    assert model.explain((2, None)) == {"name": ("different", round(math.log2(0.05 / 0.9), 2))}


def test_a_farther_level_never_weighs_more_than_a_closer_one():
    # "similar" is rarer among strangers than "exact" here, which alone would make it weigh more.
    model = FSModel(FIELDS, m=[[0.8, 0.15, 0.05], [0.99, 0.01]], u=[[0.01, 0.0001, 0.9899], [0.5, 0.5]],
                    link_threshold=5, review_threshold=0)
    assert model.weights[0][1] == model.weights[0][0]


def test_the_model_survives_a_round_trip_through_json():
    model = FSModel(FIELDS, m=[[0.8, 0.15, 0.05], [0.99, 0.01]], u=[[0.01, 0.09, 0.9], [0.5, 0.5]],
                    link_threshold=5.5, review_threshold=-1.25, exact_review_below=-3, provenance={"m": "test"})
    again = FSModel.from_json(model.to_json())
    assert (again.weights, again.link_threshold, again.review_threshold, again.exact_review_below, again.provenance) \
        == (model.weights, 5.5, -1.25, -3, {"m": "test"})


def test_the_link_threshold_falls_halfway_into_the_gap_below_the_last_right_link():
    best = [(20.0, True), (15.0, True), (12.0, True), (-10.0, False), (-12.0, False)]
    link, review = choose_thresholds(best, [20.0, 15.0, 12.0])
    assert link == 1.0  # halfway between 12 and -10: never on top of a known error
    assert review <= link


def test_the_link_threshold_tolerates_errors_only_within_the_precision_target():
    best = [(30.0 - i * 0.01, True) for i in range(300)] + [(25.0, False)] + [(20.0, True)] + [(0.0, False)] * 5
    link, _ = choose_thresholds(best, [s for s, ok in best if ok], link_precision=0.995)
    assert 0.0 < link < 20.0  # one error in 302 links keeps precision above 0.995


def test_the_review_threshold_is_where_most_true_persons_score_and_not_above_the_link_threshold():
    scores = [float(s) for s in range(100)]
    link, review = choose_thresholds([(s, s >= 50) for s in scores], scores, review_recall=0.99)
    assert (link, review) == (49.5, 1.0)
    link, review = choose_thresholds([(s, True) for s in scores], [200.0, 300.0])
    assert review == link
