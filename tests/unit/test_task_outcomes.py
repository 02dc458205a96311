"""What a completed task's outcome does to its factor, and the re-assessment after it:
services/monitor/outcomes.py with the policy's task_outcomes rule (DESIGN.md section 5)."""
from datetime import datetime, timedelta, timezone

import pytest

from services.monitor.factor_state import FactorState, apply_changes
from services.monitor.outcomes import TaskOutcome, apply_outcomes, lowered, reassess
from services.monitor.policy import DEFAULT_POLICY, PolicyError, load_policy, parse_policy
from services.monitor.rules import FactorChange

POLICY = load_policy()
TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")
RID = "653101199001011235"
HID = "6531011032030001"
T0 = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


def state_of(*codes: str, at: datetime = T0) -> dict[str, FactorState]:
    return apply_changes({}, [FactorChange(c, True, at, f"ev-{c}", RID) for c in codes], POLICY)


def done(code: str, outcome: str, at: datetime = T0 + timedelta(days=10), event_id: str = "done-1") -> TaskOutcome:
    return TaskOutcome(f"task-{code}", "alert-1", code, outcome, at, event_id)


def test_the_shipped_policy_lowers_a_partial_result_one_colour_and_never_below_yellow():
    rule = POLICY.task_outcomes.partially_resolved
    assert (rule.steps, rule.floor) == (1, "yellow")
    assert rule.local_choice and rule.source is None
    assert [lowered(level, rule) for level in ("red", "orange", "yellow")] == ["orange", "yellow", "yellow"]


def test_a_partially_resolved_task_lowers_its_red_factor_to_orange_and_keeps_it_active():
    after = apply_outcomes(state_of("dropout"), [done("dropout", "partially_resolved")], POLICY)
    lowered_factor = after["dropout"]
    assert (lowered_factor.level, lowered_factor.active) == ("orange", True)
    assert lowered_factor.evidence_event_ids == ("ev-dropout", "done-1")
    assert lowered_factor.changed_at == T0 + timedelta(days=10)


def test_a_partially_resolved_task_lowers_an_orange_factor_to_yellow():
    after = apply_outcomes(state_of("main_earner_job_lost"), [done("main_earner_job_lost", "partially_resolved")],
                           POLICY)
    assert after["main_earner_job_lost"].level == "yellow"


def test_a_yellow_factor_stays_as_it_was_after_a_partial_result():
    before = state_of("member_job_lost")
    assert apply_outcomes(before, [done("member_job_lost", "partially_resolved")], POLICY) == before


def test_a_resolved_task_clears_its_factor_and_a_not_resolved_one_leaves_it():
    before = state_of("dropout")
    cleared = apply_outcomes(before, [done("dropout", "resolved")], POLICY)["dropout"]
    assert (cleared.active, cleared.amount_yuan, cleared.evidence_event_ids[-1]) == (False, None, "done-1")
    assert apply_outcomes(before, [done("dropout", "not_resolved")], POLICY) == before


def test_an_outcome_older_than_the_factor_s_last_change_is_ignored():
    before = state_of("dropout", at=T0 + timedelta(days=20))  # the factor was set again after the completion
    assert apply_outcomes(before, [done("dropout", "partially_resolved")], POLICY) == before
    assert apply_outcomes(before, [done("dropout", "resolved")], POLICY) == before


def test_two_partial_results_in_turn_lower_red_to_yellow():
    after = apply_outcomes(state_of("dropout"), [done("dropout", "partially_resolved"),
                                                 done("dropout", "partially_resolved", T0 + timedelta(days=11),
                                                      "done-2")], POLICY)
    assert after["dropout"].level == "yellow"


def test_the_input_state_is_not_modified():
    before = state_of("dropout")
    apply_outcomes(before, [done("dropout", "partially_resolved")], POLICY)
    assert before["dropout"].level == "red"


def test_an_event_after_a_partial_result_restores_the_policy_colour():
    after = apply_outcomes(state_of("dropout"), [done("dropout", "partially_resolved")], POLICY)
    again = apply_changes(after, [FactorChange("dropout", True, T0 + timedelta(days=30), "ev-again", RID)], POLICY)
    assert again["dropout"].level == "red"


def test_the_lowering_is_read_from_the_policy_file():
    steeper = parse_policy(TEXT.replace("    steps: 1\n    floor: yellow\n", "    steps: 2\n    floor: yellow\n"))
    after = apply_outcomes(state_of("dropout"), [done("dropout", "partially_resolved")], steeper)
    assert after["dropout"].level == "yellow"
    held = parse_policy(TEXT.replace("    steps: 1\n    floor: yellow\n", "    steps: 1\n    floor: red\n"))
    assert apply_outcomes(state_of("dropout"), [done("dropout", "partially_resolved")], held)["dropout"].level == "red"


def test_a_lowering_rule_without_a_citation_is_refused():
    bad = TEXT.replace('    floor: yellow\n    local_choice: "', '    floor: yellow\n    note: "')
    with pytest.raises(PolicyError, match="task_outcomes.partially_resolved"):
        parse_policy(bad)


def test_the_household_is_reassessed_after_a_partial_result():
    # Two orange factors make red (policy escalation); lowering one leaves one orange: orange.
    states = {HID: state_of("main_earner_job_lost", "worker_died")}
    rows, (found,) = reassess(states, {HID: [done("worker_died", "partially_resolved")]}, POLICY)
    assert found.assessment.level == "orange"
    assert {f.code: f.level for f in found.assessment.factors} == {"main_earner_job_lost": "orange",
                                                                   "worker_died": "yellow"}
    assert (found.household_id, found.task_id, found.evidence_event_ids) == (HID, "task-worker_died", ("done-1",))
    assert found.at == T0 + timedelta(days=10)
    assert [(r[1], r[2]) for r in rows] == [("worker_died", "yellow")]


def test_no_reassessment_when_an_outcome_changes_nothing():
    states = {HID: state_of("member_job_lost")}
    assert reassess(states, {HID: [done("member_job_lost", "partially_resolved"),
                                   done("member_job_lost", "not_resolved")]}, POLICY) == ([], [])


def test_a_resolved_task_reassesses_the_household_green_when_it_was_the_only_factor():
    _, (found,) = reassess({HID: state_of("dropout")}, {HID: [done("dropout", "resolved")]}, POLICY)
    assert (found.assessment.level, found.assessment.factors) == ("green", ())


def test_a_resolved_task_clears_the_factor_of_its_type_that_replaced_its_own_while_it_was_open():
    # The medical task was raised for the yellow attention factor; a later bill moved the burden
    # over half the income (attention cleared, no second medical task while this one is open).
    grown = apply_changes(state_of("medical_burden_attention"),
                          [FactorChange("medical_burden_attention", False, T0 + timedelta(days=1), "bill-2", RID),
                           FactorChange("medical_burden_over_half_income", True, T0 + timedelta(days=1), "bill-2", RID)],
                          POLICY)
    after = apply_outcomes(grown, [done("medical_burden_attention", "resolved")], POLICY)
    assert not after["medical_burden_over_half_income"].active
    assert after["medical_burden_over_half_income"].evidence_event_ids[-1] == "done-1"
    assert after["medical_burden_attention"] == grown["medical_burden_attention"]  # cleared already: kept as it was


def test_a_task_answers_no_factor_of_another_type():
    before = state_of("dropout", "medical_burden_attention")
    after = apply_outcomes(before, [done("medical_burden_attention", "resolved")], POLICY)
    assert after["dropout"] == before["dropout"] and not after["medical_burden_attention"].active
