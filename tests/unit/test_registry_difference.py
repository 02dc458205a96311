"""The pure parts of a registry difference (services/monitor/registry/difference*.py): which kind each
household and person is, the summary's counts, and what follows a member who moved."""
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from services.monitor.factor_state import MAX_EVIDENCE, FactorState
from services.monitor.registry import difference_kinds as k
from services.monitor.registry.difference_carry import Move, OpenTask, carry, merged
from services.monitor.registry.difference_summary import DifferenceSummary, summarise
from services.monitor.registry.difference_write import recorded_columns
from services.monitor.verification import TASK_TYPE as VERIFICATION

pytestmark = pytest.mark.unit

T0 = datetime(2026, 10, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
H1, H2, H3 = "6531011012010001", "6531011012010002", "6531011012010003"


def hf(known=True, had_left=False, listed=True, in_scope=True, changed=()) -> k.HouseholdFacts:
    return k.HouseholdFacts(H1, known, had_left, listed, in_scope, tuple(changed))


@pytest.mark.parametrize("facts, kind", [
    (hf(known=False), k.HOUSEHOLD_ADDED),
    (hf(known=False, changed=("members",)), k.HOUSEHOLD_ADDED),
    (hf(listed=False), k.HOUSEHOLD_LEFT),
    (hf(listed=False, in_scope=False), None),  # another county: this export does not cover it
    (hf(listed=False, had_left=True), None),  # left already: not again
    (hf(had_left=True), k.HOUSEHOLD_RETURNED),
    (hf(had_left=True, changed=("income_per_capita_yuan",)), k.HOUSEHOLD_RETURNED),
    (hf(changed=("income_per_capita_yuan",)), k.HOUSEHOLD_CHANGED),
    (hf(changed=("category", "monitoring_category")), k.HOUSEHOLD_CHANGED),
    (hf(), None),
])
def test_a_households_kind_of_difference(facts, kind):
    assert k.household_kind(facts) == kind


def pf(known=True, old=H1, had_left=False, was_dead=False, old_listed=True, listed=True, new=H1, dies=False,
       changed=()) -> k.PersonFacts:
    return k.PersonFacts("653101201503010139", known, old if known else None, had_left, was_dead, old_listed,
                         listed, new if listed else None, dies, tuple(changed))


@pytest.mark.parametrize("facts, kind", [
    (pf(known=False), k.MEMBER_ADDED),  # a birth, a marriage
    (pf(known=False, new=H3), k.MEMBER_ADDED),
    (pf(listed=False), k.MEMBER_LEFT),  # disappeared, no death given
    (pf(listed=False, was_dead=True), k.MEMBER_DIED),  # civil affairs registered the death before
    (pf(listed=False, old_listed=False), None),  # his household is missing: it left, he is not removed
    (pf(listed=False, had_left=True), None),  # removed before
    (pf(dies=True), k.MEMBER_DIED),  # the export gives the death
    (pf(dies=True, new=H2), k.MEMBER_DIED),
    (pf(dies=True, was_dead=True), k.MEMBER_DIED),
    (pf(dies=True, had_left=True, was_dead=True), None),  # recorded already
    (pf(known=False, dies=True), None),  # first seen dead: never a member
    (pf(new=H2, changed=("household_id",)), k.MEMBER_MOVED),
    (pf(new=H2, changed=("household_id", "relation")), k.MEMBER_MOVED),
    (pf(had_left=True), k.MEMBER_RETURNED),
    (pf(had_left=True, new=H2, changed=("household_id",)), k.MEMBER_RETURNED),
    (pf(was_dead=True, changed=("health_status",)), None),  # an export listing him alive does not undo a death
    (pf(was_dead=True, had_left=True), None),
    (pf(changed=("schooling_status",)), k.MEMBER_CHANGED),
    (pf(changed=("able_to_work", "labour_skill")), k.MEMBER_CHANGED),
    (pf(), None),
])
def test_a_persons_kind_of_difference(facts, kind):
    assert k.person_kind(facts) == kind


def test_a_move_goes_into_both_households_timelines_and_a_removal_into_the_old_ones():
    assert k.households_touched(k.MEMBER_MOVED, pf(new=H2)) == (H1, H2)
    assert k.households_touched(k.MEMBER_DIED, pf(dies=True, new=H2)) == (H1,)
    assert k.households_touched(k.MEMBER_LEFT, pf(listed=False)) == (H1,)
    assert k.households_touched(k.MEMBER_ADDED, pf(known=False, new=H3)) == (H3,)


def test_the_summary_counts_each_kind_and_households_changed_once_each():
    households = {H1: (k.HOUSEHOLD_CHANGED, ("income_per_capita_yuan", "members")), H2: (k.HOUSEHOLD_ADDED, ()),
                  H3: (k.HOUSEHOLD_LEFT, ("left_on",)), "6531011012010004": (k.HOUSEHOLD_RETURNED, ())}
    persons = [(k.MEMBER_MOVED, pf(new=H2)),  # H1 -> new H2: H1 counted once
               (k.MEMBER_MOVED, pf(new=H2)),
               (k.MEMBER_MOVED, pf(old=H3, new="6531011012010005")),  # out of a household that left
               (k.MEMBER_ADDED, pf(known=False, new="6531011012010006")),
               (k.MEMBER_RETURNED, pf(had_left=True, new="6531011012010006")),
               (k.MEMBER_DIED, pf(dies=True, old="6531011012010007")),
               (k.MEMBER_LEFT, pf(listed=False, old="6531011012010007")),
               (k.MEMBER_CHANGED, pf(old="6531011012010008", new="6531011012010008", changed=("health_status",)))]
    s = summarise(households, persons)
    assert s == DifferenceSummary(households_added=2, households_left=1, members_added=2, members_removed=2,
                                  members_moved=3, households_changed=5, members_changed=1, income_changed=1)
    assert s.line() == ("households_added=2 households_left=1 members_added=2 members_removed=2 members_moved=3 "
                        "households_changed=5")


def test_nothing_to_do_is_all_zeros():
    assert summarise({}, []).line() == ("households_added=0 households_left=0 members_added=0 members_removed=0 "
                                        "members_moved=0 households_changed=0")


@pytest.mark.parametrize("kind, changed, shown", [
    (k.HOUSEHOLD_LEFT, (), ["left_on"]),
    (k.MEMBER_LEFT, (), ["left_on"]),
    (k.MEMBER_DIED, (), ["deceased_on", "left_on"]),
    (k.HOUSEHOLD_RETURNED, ("income_per_capita_yuan",), ["income_per_capita_yuan", "left_on"]),
    (k.MEMBER_RETURNED, (), ["left_on"]),
    (k.MEMBER_MOVED, ("household_id", "relation"), ["household_id", "relation"]),
    (k.HOUSEHOLD_CHANGED, ("members",), ["members"]),
])
def test_the_history_shows_the_changed_columns_and_the_markers_set(kind, changed, shown):
    assert recorded_columns(kind, changed) == shown


C, A = "653101201503010139", "653101197503020115"


def factor(code: str, who: str, active: bool = True, at: datetime = T0, evidence=("ev-1",),
           amount: Decimal | None = None) -> FactorState:
    return FactorState(code, "orange", "schooling", active, who, tuple(evidence), amount, at)


def test_a_moved_members_active_factors_go_along_and_stay_on_record_inactive():
    state = {H1: {"dropout": factor("dropout", C), "unsafe_housing": factor("unsafe_housing", A),
                  "member_job_lost": factor("member_job_lost", C, active=False)}, H2: {}}
    out = carry([Move(C, H1, H2)], state, [])
    rows = {(r.household_id, r.code): r for r in out.factor_rows}
    assert set(rows) == {(H1, "dropout"), (H2, "dropout")}  # the head's factor and an inactive one stay put
    assert rows[(H2, "dropout")].active and rows[(H2, "dropout")].resident_id == C
    assert not rows[(H1, "dropout")].active and rows[(H1, "dropout")].amount_yuan is None
    assert out.by_member[C] == {"factors": ["dropout"], "tasks": [], "tasks_superseded": []}
    assert state[H1]["dropout"].active  # inputs untouched


def test_an_active_factor_of_the_same_code_there_stays_and_takes_his_evidence():
    there = factor("dropout", A, evidence=("ev-9",), at=T0 + timedelta(days=2), amount=Decimal("5"))
    mine = factor("dropout", C, evidence=("ev-1", "ev-9", "ev-2"), at=T0)
    got = merged(mine, there)
    assert (got.resident_id, got.amount_yuan, got.changed_at) == (A, Decimal("5"), T0 + timedelta(days=2))
    assert got.evidence_event_ids == ("ev-9", "ev-1", "ev-2")


def test_an_inactive_factor_there_is_replaced_by_his_keeping_the_later_change_time():
    later = T0 + timedelta(days=5)
    got = merged(factor("dropout", C, at=T0), factor("dropout", A, active=False, at=later))
    assert (got.active, got.resident_id, got.changed_at) == (True, C, later)
    assert merged(factor("dropout", C), None) == factor("dropout", C)


def test_merged_evidence_keeps_the_latest_events_only():
    there = factor("dropout", A, evidence=tuple(f"a{i}" for i in range(MAX_EVIDENCE)))
    got = merged(factor("dropout", C, evidence=("c1", "c2")), there)
    assert len(got.evidence_event_ids) == MAX_EVIDENCE and got.evidence_event_ids[-2:] == ("c1", "c2")


def test_open_tasks_answering_his_factors_follow_him_unless_one_of_that_type_is_open_there():
    state = {H1: {"dropout": factor("dropout", C), "medical_burden_attention": factor("medical_burden_attention", C),
                  "unsafe_housing": factor("unsafe_housing", A)},
             H2: {}}
    tasks = [OpenTask("t-school", H1, "return_to_school", "dropout"),
             OpenTask("t-med", H1, "medical_assistance", "medical_burden_attention"),
             OpenTask("t-house", H1, "housing_renovation", "unsafe_housing"),
             OpenTask("t-visit", H1, VERIFICATION, None),
             OpenTask("t-there", H2, "medical_assistance", "medical_burden_over_income")]
    out = carry([Move(C, H1, H2)], state, tasks)
    assert out.task_moves == [("t-school", H2)]
    assert out.superseded == ["t-med"]  # H2 has an open medical_assistance task already
    assert out.by_member[C]["tasks"] == ["t-school"] and out.by_member[C]["tasks_superseded"] == ["t-med"]


def test_two_members_of_one_split_each_take_their_own_factors_and_tasks():
    d = "653101200108200140"
    state = {H1: {"dropout": factor("dropout", C), "member_job_lost": factor("member_job_lost", d)}, H3: {}}
    tasks = [OpenTask("t-c", H1, "return_to_school", "dropout"), OpenTask("t-d", H1, "employment", "member_job_lost")]
    out = carry([Move(d, H1, H3), Move(C, H1, H3)], state, tasks)
    assert out.task_moves == [("t-c", H3), ("t-d", H3)] and out.superseded == []
    assert {(r.household_id, r.code, r.active) for r in out.factor_rows} == {
        (H1, "dropout", False), (H1, "member_job_lost", False), (H3, "dropout", True), (H3, "member_job_lost", True)}


def test_a_move_with_nothing_active_carries_nothing():
    out = carry([Move(C, H1, H2)], {H1: {"dropout": factor("dropout", C, active=False)}},
                [OpenTask("t", H1, "return_to_school", "dropout")])
    assert (out.factor_rows, out.task_moves, out.superseded) == ([], [], [])
    assert out.by_member[C] == {"factors": [], "tasks": [], "tasks_superseded": []}


def test_of_two_members_moving_in_with_open_tasks_of_one_type_the_second_is_superseded():
    x = "653101201406060128"
    state = {H1: {"dropout": factor("dropout", C)}, H2: {"dropout": factor("dropout", x)}, H3: {}}
    tasks = [OpenTask("t-c", H1, "return_to_school", "dropout"), OpenTask("t-x", H2, "return_to_school", "dropout")]
    out = carry([Move(C, H1, H3), Move(x, H2, H3)], state, tasks)  # taken in resident ID order: x first
    assert out.task_moves == [("t-x", H3)] and out.superseded == ["t-c"]
    h3 = [r for r in out.factor_rows if r.household_id == H3]
    assert len(h3) == 1 and h3[0].resident_id == x and h3[0].active  # C's factor merged into x's
