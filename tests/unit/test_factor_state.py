"""Factor state and task planning (DESIGN.md sections 5-7): services/monitor/factor_state.py and task_planning.py.

Business time decides, not arrival order: the assessment must end in the same state
whatever order Kafka delivers a household's events in.
"""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st
import pytest

from services.monitor.factor_state import FactorState, active, apply_changes
from services.monitor.local_time import LOCAL_TZ
from services.monitor.task_planning import planned_tasks
from services.monitor.policy import load_policy
from services.monitor.rules import FactorChange

POLICY = load_policy()
RID = "653101199001011235"
T0 = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


def on(code: str, at: datetime, event_id: str, amount: Decimal | None = None) -> FactorChange:
    return FactorChange(code, True, at, event_id, RID, amount)


def off(code: str, at: datetime, event_id: str) -> FactorChange:
    return FactorChange(code, False, at, event_id, RID)


def state_of(*changes: FactorChange, start: dict | None = None) -> dict[str, FactorState]:
    return apply_changes(start or {}, list(changes), POLICY)


def apply_one_by_one(changes: list[FactorChange]) -> dict[str, FactorState]:
    """As the monitor sees them when each event arrives in its own batch."""
    state: dict[str, FactorState] = {}
    for change in changes:
        state = apply_changes(state, [change], POLICY)
    return state


def is_active(state: dict[str, FactorState], code: str) -> bool:
    return code in state and state[code].active


# --- apply_changes ---------------------------------------------------------------------------------

def test_an_activation_records_level_risk_type_evidence_amount_and_business_time():
    state = state_of(on("main_earner_job_lost", T0, "ev-1", Decimal("3000")))
    assert state["main_earner_job_lost"] == FactorState(
        "main_earner_job_lost", "orange", "unstable_work", True, RID, ("ev-1",), Decimal("3000"), T0)


def test_the_input_state_is_not_modified():
    start = state_of(on("dropout", T0, "ev-1"))
    apply_changes(start, [off("dropout", T0 + timedelta(days=1), "ev-2")], POLICY)
    assert start["dropout"].active


def test_a_newer_clearing_event_clears_the_factor():
    state = state_of(on("dropout", T0, "ev-1"))
    state = state_of(off("dropout", T0 + timedelta(days=1), "ev-2"), start=state)
    assert state["dropout"].active is False
    assert state["dropout"].amount_yuan is None
    assert state["dropout"].evidence_event_ids == ("ev-2",)
    assert active(state, POLICY) == []


def test_a_clearing_event_older_than_the_activation_is_ignored():
    state = state_of(on("dropout", T0, "ev-1"))
    after = state_of(off("dropout", T0 - timedelta(days=1), "ev-0"), start=state)
    assert after == state
    assert [f.code for f in active(after, POLICY)] == ["dropout"]


def test_an_older_activation_does_not_overwrite_a_newer_one():
    state = state_of(on("medical_burden_attention", T0, "ev-2", Decimal("12000")))
    after = state_of(on("medical_burden_attention", T0 - timedelta(days=5), "ev-1", Decimal("11000")), start=state)
    assert after["medical_burden_attention"].amount_yuan == Decimal("12000")
    assert after["medical_burden_attention"].changed_at == T0


def test_clearing_a_factor_that_was_never_set_records_an_inactive_clear():
    state = state_of(off("unsafe_housing", T0, "ev-1"))
    assert not state["unsafe_housing"].active and state["unsafe_housing"].changed_at == T0


def test_repeated_activations_accumulate_evidence_once_each():
    state = state_of(on("dropout", T0, "ev-1"), on("dropout", T0 + timedelta(hours=1), "ev-2"))
    state = state_of(on("dropout", T0 + timedelta(hours=1), "ev-2"), start=state)  # redelivery
    assert state["dropout"].evidence_event_ids == ("ev-1", "ev-2")


def test_a_reactivation_after_clearing_starts_fresh_evidence():
    state = state_of(on("dropout", T0, "ev-1"), off("dropout", T0 + timedelta(days=1), "ev-2"),
                     on("dropout", T0 + timedelta(days=2), "ev-3"))
    assert state["dropout"].active and state["dropout"].evidence_event_ids == ("ev-3",)


# One event per (time, id): a change's code and whether it sets or clears.
@st.composite
def change_sets(draw) -> list[FactorChange]:
    codes = ["dropout", "unsafe_housing", "member_job_lost"]
    n = draw(st.integers(min_value=1, max_value=8))
    hours = draw(st.lists(st.integers(min_value=0, max_value=5), min_size=n, max_size=n))
    return [FactorChange(draw(st.sampled_from(codes)), draw(st.booleans()), T0 + timedelta(hours=h), f"ev-{i}", RID)
            for i, h in enumerate(hours)]


@given(change_sets().flatmap(lambda cs: st.tuples(st.just(cs), st.permutations(cs))))
def test_the_same_changes_in_any_order_in_one_batch_give_the_same_state(pair):
    changes, shuffled = pair
    assert apply_changes({}, shuffled, POLICY) == apply_changes({}, changes, POLICY)



def test_a_clearing_event_that_arrives_before_its_older_activation_still_clears_the_factor():
    dropout_flagged = on("dropout", T0, "ev-1")
    returned_to_school = off("dropout", T0 + timedelta(days=7), "ev-2")
    assert not is_active(apply_one_by_one([returned_to_school, dropout_flagged]), "dropout")


@given(change_sets().flatmap(lambda cs: st.tuples(st.just(cs), st.permutations(cs))))
@example(([on("dropout", T0, "ev-0"), off("dropout", T0 + timedelta(hours=1), "ev-1")],
          [off("dropout", T0 + timedelta(hours=1), "ev-1"), on("dropout", T0, "ev-0")]))
def test_the_same_changes_arriving_one_by_one_in_any_order_give_the_same_active_factors(pair):
    changes, shuffled = pair
    expected = {code for code, s in apply_changes({}, changes, POLICY).items() if s.active}
    assert {code for code, s in apply_one_by_one(shuffled).items() if s.active} == expected


# --- planned_tasks ---------------------------------------------------------------------------------

def test_a_newly_active_factor_with_a_department_plans_one_task():
    after = state_of(on("unsafe_housing", T0, "ev-1"))
    (task,) = planned_tasks({}, after, set(), POLICY)
    assert (task.factor_code, task.department, task.task_type) == ("unsafe_housing", "housing", "housing_renovation")
    assert (task.resident_id, task.evidence_event_ids) == (RID, ("ev-1",))


def test_a_factor_without_a_department_plans_no_task():
    assert POLICY.factors["income_below_line"].department is None
    after = state_of(on("income_below_line", T0, "ev-1", Decimal("7000")))
    assert planned_tasks({}, after, set(), POLICY) == []


def test_a_factor_that_was_already_active_plans_no_new_task():
    before = state_of(on("dropout", T0, "ev-1"))
    after = state_of(on("dropout", T0 + timedelta(days=1), "ev-2"), start=before)
    assert planned_tasks(before, after, set(), POLICY) == []


def test_a_factor_active_again_after_being_cleared_plans_a_task():
    before = state_of(on("dropout", T0, "ev-1"), off("dropout", T0 + timedelta(days=1), "ev-2"))
    after = state_of(on("dropout", T0 + timedelta(days=2), "ev-3"), start=before)
    assert [t.factor_code for t in planned_tasks(before, after, set(), POLICY)] == ["dropout"]


def test_a_factor_that_lapsed_before_the_batchs_newest_event_plans_no_task():
    """An old job loss and a much newer event in one batch: no alert is raised for the lapsed factor,
    so no task may be planned for it either (it would belong to no alert)."""
    days = POLICY.factors["member_job_lost"].expires_after_days
    after = state_of(on("member_job_lost", T0, "ev-1", Decimal("3000")))
    assert [t.factor_code for t in planned_tasks({}, after, set(), POLICY, as_of=T0)] == ["member_job_lost"]
    assert planned_tasks({}, after, set(), POLICY, as_of=T0 + timedelta(days=days + 1)) == []


def test_no_task_is_planned_when_a_task_of_that_type_is_already_open():
    after = state_of(on("dropout", T0, "ev-1"))
    assert planned_tasks({}, after, {"return_to_school"}, POLICY) == []
    assert len(planned_tasks({}, after, {"housing_renovation"}, POLICY)) == 1


def test_a_cleared_factor_plans_no_task():
    before = state_of(on("dropout", T0, "ev-1"))
    after = state_of(off("dropout", T0 + timedelta(days=1), "ev-2"), start=before)
    assert planned_tasks(before, after, set(), POLICY) == []


def test_two_factors_answered_by_the_same_task_type_plan_one_task():
    assert POLICY.factors["main_earner_job_lost"].task_type == POLICY.factors["member_job_lost"].task_type
    after = state_of(on("main_earner_job_lost", T0, "ev-1"), on("member_job_lost", T0, "ev-2"))
    assert [t.task_type for t in planned_tasks({}, after, set(), POLICY)] == ["job_placement"]


def test_the_due_date_is_the_shanghai_local_date_of_the_change_plus_due_days():
    # 17:00 UTC on 15 October is 01:00 on 16 October in Asia/Shanghai.
    changed = datetime(2026, 10, 15, 17, 0, tzinfo=timezone.utc)
    after = state_of(on("dropout", changed, "ev-1"))
    (task,) = planned_tasks({}, after, set(), POLICY)
    assert POLICY.factors["dropout"].due_days == 15
    assert task.due_date == date(2026, 10, 31)
    assert task.due_date != (changed + timedelta(days=15)).date()  # the UTC date would be a day early


def test_the_due_date_uses_each_factor_s_own_due_days():
    changed = datetime(2026, 10, 15, 10, 0, tzinfo=LOCAL_TZ)
    after = state_of(on("member_job_lost", changed, "ev-1"))
    (task,) = planned_tasks({}, after, set(), POLICY)
    assert POLICY.factors["member_job_lost"].due_days == 30
    assert task.due_date == date(2026, 11, 14)
