"""Events keep the registry current (issue 10 part 4): deaths and disabilities registered by civil
affairs change the member (services/monitor/member_state.py, registry_updates.py), and every event is
assessed with the registry as of its own date. The pure decisions, then the batch core with the
in-memory store (tests/unit/fake_store.py); the real broker and database in
tests/integration/test_registry_currency.py."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from services.emergency_management.contracts import DisasterLossAssessed
from services.monitor.batch import process_batch
from services.monitor.dedup import key_of
from services.monitor.local_time import LOCAL_TZ
from services.monitor.review import apply_review_link, held_event
from services.monitor.member_state import DISABLED, as_of, fact_date, premature, registration_effect
from services.monitor.rules.model import Household, Member
from shared import topics
from tests.unit import builders as b
from tests.unit.fake_store import FakeStore
from tests.unit.test_batch_core import POLICY, SECRET, household, person, record, rid, sent

pytestmark = pytest.mark.unit

DAY = b.NOW.date()  # 2026-10-15
DIED = date(2026, 10, 5)
EARNER, WIFE = rid(41), rid(42, sex_digit=2)  # 9,000 yuan per capita, 2 members: 18,000 a year
ONLY, OLD = rid(51), rid(52, born="19400101")  # the only member able to work, and one who is not


@pytest.fixture
def store() -> FakeStore:
    return FakeStore({**household(4, "9000", [(EARNER, True, True), (WIFE, False, True)]),
                      **household(5, "9000", [(ONLY, True, True), (OLD, False, False)])})


def bill(who: str, burden: str, admitted: date, when: datetime = b.NOW):
    event = b.hospital_bill(person(who), Decimal(burden), when=when)
    return event.model_copy(update={"data": event.data.model_copy(update={"admission_date": admitted})})


async def run(store: FakeStore, *events):
    return await process_batch(store, [record(e) for e in events], POLICY, SECRET)


def factor_codes(store: FakeStore, who: str) -> set[str]:
    return {c for c, f in store.factors[store.registry[who]["household_id"]].items() if f.active}


# -- the pure decisions --------------------------------------------------------------------------

MEMBER = Member(EARNER, date(1980, 1, 1), main_earner=True, able_to_work=True)
HOUSE = Household("6531011010010004", "653101", 3, Decimal("9000"))


@pytest.mark.parametrize("event, expected", [
    (bill(EARNER, "100", date(2026, 9, 1)), date(2026, 9, 1)),  # the admission, not the settlement
    (b.job_lost(person(EARNER), when=b.NOW - timedelta(days=3)), DAY - timedelta(days=3)),
    (b.insurance_lapsed(person(EARNER), when=datetime(2026, 10, 14, 23, 30, tzinfo=LOCAL_TZ)), date(2026, 10, 14)),
    (b.insurance_lapsed(person(EARNER), when=datetime(2026, 10, 14, 17, 0, tzinfo=timezone.utc)), date(2026, 10, 15)),
    (b.death(person(EARNER), DIED), DIED),
])
def test_an_event_speaks_of_the_earliest_date_it_carries_else_of_its_local_date(event, expected):
    assert fact_date(event) == expected


def test_a_disaster_loss_speaks_of_when_it_occurred_not_when_it_was_assessed():
    event = DisasterLossAssessed.model_validate({
        "id": "ev-disaster", "source": "/kashgar/emergency_management", "time": b.NOW.isoformat(),
        "type": "cn.kashgar.emergency_management.disaster_loss_assessed.v1",
        "data": {"person": {"resident_id": EARNER, "name": "测试"}, "assessment_id": "ZH0001",
                 "disaster_kind": "flood", "occurred_on": "2026-09-20", "assessed_on": "2026-10-01", "loss_yuan": "1000"}})
    assert fact_date(event) == date(2026, 9, 20)


@pytest.mark.parametrize("event, today, refused", [
    (b.death(person(EARNER), DAY + timedelta(days=1)), DAY + timedelta(days=30), True),  # after its registration
    (b.death(person(EARNER), DAY), DAY, False),  # registered the day he died
    (b.death(person(EARNER), DAY, when=b.NOW + timedelta(days=1)), DAY, False),  # clock skew: the death is today
    (b.death(person(EARNER), DAY + timedelta(days=1), when=b.NOW + timedelta(days=1)), DAY, True),  # after today
    (b.disability(person(EARNER), 2, DAY + timedelta(days=7)), DAY + timedelta(days=30), True),
    (b.disability(person(EARNER), 2, DAY - timedelta(days=700)), DAY, False),
    (b.job_started(person(EARNER)), DAY - timedelta(days=30), False),  # only registrations are checked
])
def test_a_registration_dated_in_the_future_is_refused(event, today, refused):
    reason = premature(event, today)
    assert (reason is not None) == refused
    assert reason is None or "in the future" in reason


def test_the_member_as_of_a_day_has_his_labour_before_a_change_and_the_household_its_living_members():
    dead = registration_effect(b.death(person(EARNER), DIED), MEMBER)
    assert (dead.deceased_on, dead.able_to_work, dead.main_earner) == (DIED, False, False)
    house = HOUSE.__class__(**{**vars(HOUSE), "deaths": (DIED,)})
    then, house_then = as_of(dead, house, DIED)  # the day he died: living, working, counted
    assert (then.able_to_work, then.main_earner, house_then.members) == (True, True, 3)
    after, house_after = as_of(dead, house, DIED + timedelta(days=1))
    assert (after.able_to_work, after.main_earner, house_after.members) == (False, False, 2)
    assert house_after.annual_income_yuan == Decimal("18000")  # per capita kept, one fewer member
    assert as_of(MEMBER, HOUSE, DIED) == (MEMBER, HOUSE)  # nobody changed: as registered


def test_members_counted_never_fall_below_one():
    house = Household("h", "653101", 1, Decimal("5000"), (DIED,))
    assert as_of(MEMBER, house, DAY)[1].members == 1


@pytest.mark.parametrize("grade, able_after", [(1, False), (2, False), (3, True), (4, True)])
def test_a_disability_records_the_health_status_and_a_severe_grade_ends_the_ability_to_work(grade, able_after):
    after = registration_effect(b.disability(person(EARNER), grade, DIED), MEMBER)
    assert (after.health_status, after.disability_grade, after.able_to_work, after.main_earner) == \
        (DISABLED, grade, able_after, True)
    assert registration_effect(b.disability(person(EARNER), grade, DAY), after) is None  # the same again
    if not able_after:
        assert as_of(after, HOUSE, DIED)[0].able_to_work  # events dated up to the registration: as he was


def test_a_second_death_is_no_change_on_the_same_date_and_held_on_another():
    dead = registration_effect(b.death(person(EARNER), DIED), MEMBER)
    assert registration_effect(b.death(person(EARNER), DIED), dead) is None
    for other in (DIED - timedelta(days=1), DIED + timedelta(days=3)):
        assert registration_effect(b.death(person(EARNER), other), dead).startswith("person deceased")


def test_a_disability_after_the_death_is_held_and_one_before_it_keeps_the_dead_unable():
    dead = registration_effect(b.death(person(EARNER), DIED), MEMBER)
    assert registration_effect(b.disability(person(EARNER), 1, DIED + timedelta(days=1)), dead).startswith(
        "person deceased")
    late = registration_effect(b.disability(person(EARNER), 3, DIED - timedelta(days=30)), dead)
    assert (late.health_status, late.disability_grade, late.able_to_work, late.deceased_on) == (DISABLED, 3, False, DIED)


def test_an_export_that_already_says_deceased_counts_as_a_death():
    exported = Member(EARNER, date(1980, 1, 1), True, True, deceased_on=DIED)  # no event changed him
    assert as_of(exported, HOUSE, DIED - timedelta(days=1))[0] == exported
    assert registration_effect(b.death(person(EARNER), DIED), exported) is None


# -- the batch core ------------------------------------------------------------------------------

async def test_a_death_marks_the_member_deceased_and_his_labour_gone(store):
    result = await run(store, b.death(person(EARNER), DIED))
    assert result.counts["linked"] == 1 and result.counts["dead_lettered"] == 0
    row = store.registry[EARNER]
    assert (row["deceased_on"], row["able_to_work"], row["main_earner"]) == (DIED, False, False)
    assert (row["able_to_work_before"], row["main_earner_before"], row["labour_changed_on"]) == \
        (True, True, DIED + timedelta(days=1))
    [change] = store.member_changes.values()
    assert (change.change, change.effective_on, change.household_id) == ("deceased", DIED, row["household_id"])
    assert "worker_died" in factor_codes(store, EARNER)  # as he was when he died: the main earner


async def test_the_death_of_the_only_able_member_still_raises_worker_died(store):
    result = await run(store, b.death(person(ONLY), DIED))
    [alert] = result.alerts
    assert [f.code for f in alert.factors] == ["worker_died"]
    assert not any(r["able_to_work"] for r in store.registry.values() if r["household_id"] ==
                   store.registry[ONLY]["household_id"])
    assert [t["data"]["task_type"] for t in sent(store, topics.tasks_topic("civil_affairs"))] == ["temporary_assistance"]


async def test_the_death_of_a_member_who_could_not_work_raises_no_factor(store):
    result = await run(store, b.death(person(OLD), DIED))
    assert result.alerts == [] and store.registry[OLD]["deceased_on"] == DIED
    assert store.registry[OLD]["able_to_work"] is False and store.registry[ONLY]["able_to_work"] is True


@pytest.mark.parametrize("admitted", [DIED + timedelta(days=1), DIED + timedelta(days=9)])
async def test_a_bill_admitted_after_the_death_is_held_for_review_as_about_a_deceased_person(store, admitted):
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=5)))
    outbox = len(sent(store, topics.ALERTS))
    late = bill(EARNER, "50000", admitted)
    result = await run(store, late)
    assert (result.counts["unmatched"], result.counts["linked"], result.alerts) == (1, 0, [])
    assert result.counts["held_review"] == 1
    reason = store.unmatched[key_of(late)].reason
    assert reason.startswith("person deceased") and DIED.isoformat() in reason and EARNER not in reason
    assert key_of(late) not in store.events and store.processed[key_of(late)].outcome == "unmatched"
    assert len(sent(store, topics.ALERTS)) == outbox
    [notice] = sent(store, topics.UNMATCHED)
    assert notice["data"]["event_id"] == late.id


@pytest.mark.parametrize("event", [
    b.job_started(person(EARNER), when=b.NOW),  # started after his death
    b.insurance_lapsed(person(EARNER), when=b.NOW),  # insurance of a dead man lapses: not a living member's risk
    b.housing("D", person(EARNER), when=b.NOW),
])
async def test_any_later_event_about_the_deceased_is_held_not_assessed(store, event):
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=5)))
    result = await run(store, event)
    assert result.counts["held_review"] == 1 and store.unmatched[key_of(event)].reason.startswith("person deceased")


@pytest.mark.parametrize("admitted", [DIED, DIED - timedelta(days=1), DIED - timedelta(days=200)])
async def test_a_late_bill_admitted_before_or_on_the_death_day_counts_with_him_as_a_member(store, admitted):
    # 2 members at 9,000: 18,000 a year as of before his death; 12,000 is over half of it, under all of it.
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=5)))
    result = await run(store, bill(EARNER, "12000", admitted))
    assert result.counts["linked"] == 1 and "medical_burden_over_half_income" in factor_codes(store, EARNER)


async def test_after_the_death_the_household_income_counts_only_the_living(store):
    # The widow's bill after his death: 9,000 per capita x 1 living member = 9,000 a year; 12,000 is over it.
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=5)))
    result = await run(store, bill(WIFE, "12000", DIED + timedelta(days=2)))
    assert result.counts["linked"] == 1
    assert "medical_burden_over_income" in factor_codes(store, WIFE)


async def test_a_bill_after_the_death_in_the_same_batch_is_held_whatever_the_order(store):
    late, early = bill(EARNER, "100", DIED + timedelta(days=3), when=b.NOW - timedelta(days=2)), \
        bill(EARNER, "100", DIED - timedelta(days=3), when=b.NOW - timedelta(days=1))
    result = await run(store, late, early, b.death(person(EARNER), DIED))  # the death registered last
    assert (result.counts["linked"], result.counts["unmatched"], result.counts["dead_lettered"]) == (2, 1, 0)
    assert key_of(late) in store.unmatched and key_of(early) in store.events


async def test_a_second_death_registration_is_recorded_without_any_effect(store):
    first = await run(store, b.death(person(ONLY), DIED, when=b.NOW - timedelta(days=1)))
    hid = store.registry[ONLY]["household_id"]
    factors, outbox, changes = dict(store.factors[hid]), len(store.outbox), dict(store.member_changes)
    again = b.death(person(ONLY), DIED)
    second = await run(store, again)
    assert first.counts["alerts"] == 1 and second.counts["linked"] == 1 and second.alerts == []
    assert store.factors[hid] == factors and len(store.outbox) == outbox and store.member_changes == changes
    assert key_of(again) in store.events and store.processed[key_of(again)].outcome == "linked"


@pytest.mark.parametrize("other", [DIED - timedelta(days=10), DIED + timedelta(days=1)])
async def test_a_second_death_with_another_date_is_held_and_changes_nothing(store, other):
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=1)))
    conflicting = b.death(person(EARNER), other)
    result = await run(store, conflicting)
    assert result.counts["held_review"] == 1 and store.registry[EARNER]["deceased_on"] == DIED
    reason = store.unmatched[key_of(conflicting)].reason
    assert reason.startswith("person deceased") and "second death registration" in reason


@pytest.mark.parametrize("died_on, when", [
    (DAY + timedelta(days=1), b.NOW),  # registered before it happened
    (date.today() + timedelta(days=400), datetime.now(LOCAL_TZ)),  # far in the future
])
async def test_a_death_dated_in_the_future_is_dead_lettered_and_changes_nothing(store, died_on, when):
    event = b.death(person(EARNER), died_on, when=when)
    result = await run(store, event)
    assert (result.counts["dead_lettered"], result.counts["linked"]) == (1, 0)
    assert "in the future" in store.dead_letters[-1].reason and EARNER not in store.dead_letters[-1].reason
    assert store.registry[EARNER].get("deceased_on") is None and store.member_changes == {}
    assert sent(store, topics.DEADLETTER) and key_of(event) not in store.processed


async def test_a_death_processed_after_a_later_event_keeps_what_that_event_did(store):
    # A job lost after the death date was assessed first (the death not yet known): its factor stays.
    later = b.job_lost(person(WIFE), Decimal("100"), when=b.NOW - timedelta(days=2))
    await run(store, later)
    before = dict(store.factors[store.registry[WIFE]["household_id"]])
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=1)))
    after = store.factors[store.registry[WIFE]["household_id"]]
    assert after["member_job_lost"] == before["member_job_lost"] and "worker_died" in factor_codes(store, WIFE)


async def test_a_job_lost_before_the_death_arriving_after_it_is_the_main_earners(store):
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=1)))
    lost = b.job_lost(person(EARNER), Decimal("2000"), when=datetime(2026, 9, 20, 9, tzinfo=LOCAL_TZ))
    result = await run(store, lost)
    assert result.counts["linked"] == 1 and "main_earner_job_lost" in factor_codes(store, EARNER)


@pytest.mark.parametrize("grade, able, factor", [(1, False, True), (2, False, True), (3, True, True),
                                                  (4, True, True)])
async def test_a_disability_updates_health_status_and_the_ability_to_work_by_grade(store, grade, able, factor):
    result = await run(store, b.disability(person(WIFE), grade, DAY - timedelta(days=3)))
    row = store.registry[WIFE]
    assert (row["health_status"], row["disability_grade"], row["able_to_work"]) == (DISABLED, grade, able)
    assert ("worker_disabled" in factor_codes(store, WIFE)) is factor and result.counts["linked"] == 1
    [change] = store.member_changes.values()
    assert change.change == "disability" and change.effective_on == DAY - timedelta(days=3)


async def test_a_disability_of_a_member_who_could_not_work_changes_his_status_but_raises_nothing(store):
    result = await run(store, b.disability(person(OLD), 1))
    assert result.alerts == [] and store.registry[OLD]["health_status"] == DISABLED
    assert store.registry[OLD]["able_to_work_before"] is None  # his labour status did not change


async def test_the_same_disability_twice_is_recorded_without_effect_and_a_new_grade_updates(store):
    await run(store, b.disability(person(EARNER), 3, DAY - timedelta(days=30), when=b.NOW - timedelta(days=2)))
    outbox = len(store.outbox)
    again = await run(store, b.disability(person(EARNER), 3, DAY - timedelta(days=30)))
    assert again.counts["linked"] == 1 and len(store.outbox) == outbox and len(store.member_changes) == 1
    await run(store, b.disability(person(EARNER), 1, DAY, when=b.NOW + timedelta(minutes=1)))
    assert (store.registry[EARNER]["disability_grade"], store.registry[EARNER]["able_to_work"]) == (1, False)


# -- the review queue: an operator's link -------------------------------------------------------

def held(event):
    """A held event as the review queue reads it back."""
    return held_event(topics.events_topic(event.source.rsplit("/", 1)[-1]), event.model_dump_json())


async def test_a_death_an_operator_links_marks_the_member_deceased(store):
    stranger = b.death(person(rid(77)), DIED)  # an ID the registry does not hold: held, then linked by hand
    result = await apply_review_link(store, held(stranger), EARNER, POLICY)
    assert result.counts["linked"] == 1 and store.registry[EARNER]["deceased_on"] == DIED
    assert stranger.id in store.member_changes and "worker_died" in factor_codes(store, EARNER)


async def test_a_bill_held_as_the_deceaseds_is_applied_to_the_relative_an_operator_links(store):
    await run(store, b.death(person(EARNER), DIED, when=b.NOW - timedelta(days=5)))
    widows = bill(EARNER, "12000", DIED + timedelta(days=2))  # the widow's bill under her late husband's ID
    await run(store, widows)
    assert key_of(widows) in store.unmatched
    result = await apply_review_link(store, held(widows), WIFE, POLICY)
    assert result.counts["linked"] == 1 and store.events[key_of(widows)].resident_id == WIFE
    assert "medical_burden_over_income" in factor_codes(store, WIFE)  # one living member: 9,000 a year
