"""The batch core (services/monitor/batch.py) with an in-memory store (tests/unit/fake_store.py):
the decisions of one batch without Kafka or PostgreSQL, in the style of cosmicpython's
service-layer tests. The same paths run against the real broker and database in
tests/integration (test_end_to_end, test_task_outcomes, test_review_queue)."""
import inspect
import json
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest

from services.monitor.batch import process_batch
from services.monitor.dedup import REUSED_ID, UNKNOWN_SOURCE, key_of, source_key
from services.monitor.policy import load_policy
from services.monitor.ports import BatchStore
from services.monitor.records import InboundRecord
from services.monitor.store import PgStore
from shared import topics
from shared.sources import source_problem
from tests.unit import builders as b
from tests.unit.fake_store import FakeStore

POLICY = load_policy()
SECRET = "unit-test-key-secret-0123456789"
VILLAGE = "653101101001"
_offsets = count()


def rid(serial: int, born: str = "19800101", sex_digit: int = 3) -> str:
    """A synthetic Kashgar-city resident ID with a valid check character (GB 11643-1999)."""
    return b.with_check(f"653101{born}{serial:02d}{sex_digit}")


def household(hid_serial: int, income: str, people: list[tuple[str, bool, bool]]) -> dict[str, dict]:
    """Registry rows of one household: people as (resident ID, main earner, able to work)."""
    hid = f"{VILLAGE}{hid_serial:04d}"
    return {r: {"resident_id": r, "name": "测试人员", "gender": "M", "birth_date": date(1980, 1, 1),
                "main_earner": main, "able_to_work": able, "household_id": hid, "village_code": VILLAGE,
                "county_code": "653101", "members": len(people), "income_per_capita_yuan": Decimal(income)}
            for r, main, able in people}


def record(event, department: str | None = None) -> InboundRecord:
    dept = department or event.source.rsplit("/", 1)[-1]
    return InboundRecord(topics.events_topic(dept), 0, next(_offsets), b"k", event.model_dump_json().encode())


def person(resident_id: str):
    return b.person(resident_id).model_copy(update={"village_code": VILLAGE})


def sent(store: FakeStore, topic: str) -> list[dict]:
    return [json.loads(m.value) for m in store.outbox if m.topic == topic]


HEAD, SPOUSE = rid(11), rid(12, sex_digit=2)
POOR_HEAD = rid(21)
RICH_HEAD, RICH_SON = rid(31), rid(32, born="20050607")
store_of = lambda *hs: FakeStore({k: v for h in hs for k, v in h.items()})  # noqa: E731


@pytest.fixture
def store() -> FakeStore:
    return store_of(household(1, "9000", [(HEAD, True, True), (SPOUSE, False, True)]),
                    household(2, "7000", [(POOR_HEAD, True, True)]),
                    household(3, "20000", [(RICH_HEAD, True, True), (RICH_SON, False, True)]))


async def test_a_bill_over_the_households_income_raises_red_with_a_medical_task(store):
    # 2 members at 9,000 yuan each: 18,000 a year; a burden of 18,000.01 is over it.
    result = await process_batch(store, [record(b.hospital_bill(person(HEAD), Decimal("18000.01")))], POLICY, SECRET)
    assert result.counts["linked"] == 1 and result.counts["alerts"] == 1
    [alert] = result.alerts
    assert alert.level == "red" and [f.code for f in alert.factors] == ["medical_burden_over_income"]
    assert alert.factors[0].amount_yuan == Decimal("18000.01")
    [task] = sent(store, topics.tasks_topic("health_insurance"))
    assert task["data"]["task_type"] == "medical_assistance" and task["data"]["alert_id"] == alert.alert_id
    assert [a["data"]["level"] for a in sent(store, topics.ALERTS)] == ["red"]


@pytest.mark.parametrize("who, burden, expected", [
    (HEAD, Decimal("18000.00"), [("orange", ["medical_burden_over_half_income"])]),  # equal is not over
    (HEAD, Decimal("9000.01"), [("orange", ["medical_burden_over_half_income"])]),
    (HEAD, Decimal("9000.00"), []),  # half the income and under the attention threshold: nothing
    (RICH_HEAD, Decimal("10000.01"), [("yellow", ["medical_burden_attention"])]),
    (RICH_SON, Decimal("40000.01"), [("red", ["medical_burden_over_income"])])])
async def test_bills_at_or_under_the_income_grade_lower(store, who, burden, expected):
    result = await process_batch(store, [record(b.hospital_bill(person(who), burden))], POLICY, SECRET)
    assert [(a.level, [f.code for f in a.factors]) for a in result.alerts] == expected


async def test_bills_of_one_household_add_up_within_the_window(store):
    first = b.hospital_bill(person(HEAD), Decimal("10000"), when=b.NOW - timedelta(days=100))
    await process_batch(store, [record(first)], POLICY, SECRET)
    second = b.hospital_bill(person(SPOUSE), Decimal("8000.01"))  # 18,000.01 together
    result = await process_batch(store, [record(second)], POLICY, SECRET)
    assert [a.level for a in result.alerts] == ["red"]
    assert store.factors[store.registry[HEAD]["household_id"]]["medical_burden_over_income"].amount_yuan \
        == Decimal("18000.01")


async def test_a_job_loss_that_takes_income_below_the_line_raises_the_income_factor(store):
    # 9,000 per capita, 2 members; 1,000 a month lost from October: 3 months -> 9,000 - 1,500 = 7,500 < 8,000.
    result = await process_batch(store, [record(b.job_lost(person(HEAD), Decimal("1000")))], POLICY, SECRET)
    [alert] = result.alerts
    assert {f.code: f.amount_yuan for f in alert.factors} == {"main_earner_job_lost": Decimal("1000"),
                                                              "income_below_line": Decimal("7500.00")}
    assert alert.level == "red"  # two orange factors make red (policy escalation)
    assert [t["data"]["task_type"] for t in sent(store, topics.tasks_topic("employment"))] == ["job_placement"]


async def test_a_job_loss_that_keeps_income_above_the_line_has_no_income_factor(store):
    result = await process_batch(store, [record(b.job_lost(person(SPOUSE), Decimal("100")))], POLICY, SECRET)
    assert [(a.level, [f.code for f in a.factors]) for a in result.alerts] == [("yellow", ["member_job_lost"])]


@pytest.mark.parametrize("resident_id", [rid(99), rid(98, born="20010203", sex_digit=4),
                                         b.with_check("11010119700101123"),  # Beijing: outside the region
                                         "653101800101997"])  # the old 15-digit form
async def test_an_unknown_person_is_held_and_announced_unmatched(store, resident_id):
    event = b.housing("D", person(resident_id))
    result = await process_batch(store, [record(event)], POLICY, SECRET)
    assert (result.counts["unmatched"], result.counts["linked"], result.alerts) == (1, 0, [])
    assert store.unmatched[key_of(event)].reason.endswith("not in the household registry")
    [notice] = sent(store, topics.UNMATCHED)
    assert notice["data"]["event_id"] == event.id and resident_id not in json.dumps(notice)
    assert store.processed[key_of(event)].outcome == "unmatched" and store.alerts == {} and store.events == {}


async def test_an_invalid_resident_id_nobody_matches_is_dead_lettered_with_the_reason(store):
    event = b.housing("D", person(HEAD[:-1] + ("0" if HEAD[-1] != "0" else "1")))
    result = await process_batch(store, [record(event)], POLICY, SECRET)
    assert result.counts["dead_lettered"] == 1 and result.counts["unmatched"] == 0
    assert store.dead_letters[0].reason.startswith("invalid resident_id")
    assert sent(store, topics.DEADLETTER)


async def test_a_duplicate_event_id_is_ignored_in_the_batch_and_across_batches(store):
    event = b.housing("D", person(HEAD))
    first = await process_batch(store, [record(event), record(event)], POLICY, SECRET)
    assert (first.counts["linked"], first.counts["duplicate"], first.counts["alerts"]) == (1, 1, 1)
    outbox = len(store.outbox)
    again = await process_batch(store, [record(event)], POLICY, SECRET)
    assert (again.counts["duplicate"], again.counts["linked"], again.counts["alerts"]) == (1, 0, 0)
    assert len(store.outbox) == outbox and len(store.events) == 1


async def test_an_event_id_reused_for_other_content_is_dead_lettered(store):
    event = b.housing("D", person(HEAD))
    other = b.housing("C", person(HEAD)).model_copy(update={"id": event.id})
    result = await process_batch(store, [record(event)], POLICY, SECRET)
    result = await process_batch(store, [record(other)], POLICY, SECRET)
    assert result.counts["dead_lettered"] == 1 and store.dead_letters[-1].reason == REUSED_ID


def _same_id(event, other):
    """`other` under `event`'s ID (CloudEvents: an ID is unique only within its source)."""
    return other.model_copy(update={"id": event.id})


async def test_two_departments_events_with_one_id_are_both_processed_in_one_batch_and_across_batches(store):
    housing = b.housing("D", person(HEAD))
    bill = _same_id(housing, b.hospital_bill(person(POOR_HEAD), Decimal("14000.01")))
    result = await process_batch(store, [record(housing), record(bill)], POLICY, SECRET)
    assert (result.counts["linked"], result.counts["dead_lettered"], result.counts["duplicate"]) == (2, 0, 0)
    assert {key_of(housing), key_of(bill)} == set(store.processed) == set(store.events)
    assert {a.household_id for a in result.alerts} == {store.registry[HEAD]["household_id"],
                                                       store.registry[POOR_HEAD]["household_id"]}
    job = _same_id(housing, b.job_lost(person(SPOUSE), Decimal("100")))  # a third source, a later batch
    later = await process_batch(store, [record(job)], POLICY, SECRET)
    assert (later.counts["linked"], later.counts["dead_lettered"]) == (1, 0) and len(store.events) == 3


async def test_one_sources_event_twice_has_one_effect_even_with_its_source_spelt_otherwise(store):
    event = b.housing("D", person(HEAD))
    respelt = event.model_copy(update={"source": "/Kashgar/housing/"})
    assert key_of(respelt) == key_of(event)  # one source: case and a trailing slash are spelling
    first = await process_batch(store, [record(event), record(event)], POLICY, SECRET)
    again = await process_batch(store, [record(event), record(respelt, "housing")], POLICY, SECRET)
    assert (first.counts["linked"], first.counts["duplicate"], again.counts["linked"]) == (1, 1, 0)
    # a source that would need normalising belongs to no one (shared.sources): refused, never a second effect
    assert again.counts["duplicate"] == 1 and [d.reason for d in store.dead_letters] == [
        f"{source_problem('/Kashgar/housing/', 'housing')}: refused on {topics.events_topic('housing')}, housing's topic"]
    assert len(store.events) == 1 and len(sent(store, topics.ALERTS)) == 1


async def test_one_sources_id_reused_for_other_content_is_dead_lettered_beside_another_sources_id(store):
    housing = b.housing("D", person(HEAD))
    bill = _same_id(housing, b.hospital_bill(person(POOR_HEAD), Decimal("100")))
    other = _same_id(housing, b.housing("C", person(HEAD)))
    result = await process_batch(store, [record(housing), record(bill), record(other)], POLICY, SECRET)
    assert (result.counts["linked"], result.counts["dead_lettered"]) == (2, 1)
    assert [d.reason for d in store.dead_letters] == [REUSED_ID] and set(store.events) == {key_of(housing),
                                                                                          key_of(bill)}
    later = await process_batch(store, [record(_same_id(bill, b.hospital_bill(person(POOR_HEAD), Decimal("5"))))],
                                POLICY, SECRET)
    assert later.counts["dead_lettered"] == 1 and store.dead_letters[-1].reason == REUSED_ID


async def test_one_batchs_decisions_about_one_id_from_two_sources_stay_apart(store):
    # The core decides per event ID within a batch (a death dated in the future is refused): another
    # source's event with that ID, later in the batch, must not lend the death its own decision.
    death = b.death(person(HEAD), b.NOW.date() + timedelta(days=2))
    housing = _same_id(death, b.housing("D", person(POOR_HEAD)))
    result = await process_batch(store, [record(death), record(housing)], POLICY, SECRET)
    assert (result.counts["linked"], result.counts["dead_lettered"]) == (1, 1)
    assert store.dead_letters[0].reason.startswith("died_on") and not store.registry[HEAD].get("deceased_on")
    assert set(store.events) == {key_of(housing)}


async def test_an_id_processed_before_sources_were_kept_stands_for_that_id_from_any_source(store):
    housing = b.housing("D", person(HEAD))
    await process_batch(store, [record(housing)], POLICY, SECRET)
    row = store.processed.pop(key_of(housing))  # as migration 014 leaves a row whose event was not kept
    store.processed[UNKNOWN_SOURCE, housing.id] = row._replace(source=UNKNOWN_SOURCE)
    bill = _same_id(housing, b.hospital_bill(person(POOR_HEAD), Decimal("100")))
    result = await process_batch(store, [record(housing), record(bill)], POLICY, SECRET)
    assert (result.counts["duplicate"], result.counts["dead_lettered"], result.counts["linked"]) == (1, 1, 0)
    assert store.dead_letters[-1].reason == REUSED_ID and len(store.events) == 1


def test_a_source_is_compared_in_one_form():
    assert source_key("/kashgar/health_insurance") == source_key("/KASHGAR/Health_Insurance//")
    assert source_key("/kashgar/ئ") == source_key(unicodedata.normalize("NFD", "/kashgar/ئ"))
    assert source_key("/kashgar/housing") != source_key("/kashgar/health_insurance")
    assert source_key("/") == "/" != UNKNOWN_SOURCE


async def test_a_completed_task_clears_its_factor_and_reassesses_the_household(store):
    await process_batch(store, [record(b.housing("D", person(HEAD)))], POLICY, SECRET)
    [task] = sent(store, topics.tasks_topic("housing"))
    hid = task["data"]["household_id"]
    done = b.task_completed("housing", task["data"]["task_id"], "resolved", when=b.NOW + timedelta(days=20))
    result = await process_batch(store, [record(done, "housing")], POLICY, SECRET)
    assert result.counts["task_status"] == 1 and result.counts["dead_lettered"] == 0
    assert store.factors[hid]["unsafe_housing"].active is False
    [(found, version)] = store.assessments
    assert (found.assessment.level, found.cause, found.task_id, version) == \
        ("green", "task_completed", task["data"]["task_id"], POLICY.version)
    [alert] = store.alerts.values()
    assert (alert["level"], alert["current_level"]) == ("red", "green")


async def test_a_task_status_for_another_departments_task_is_dead_lettered(store):
    await process_batch(store, [record(b.housing("D", person(HEAD)))], POLICY, SECRET)
    [task] = sent(store, topics.tasks_topic("housing"))
    forged = b.task_completed("education", task["data"]["task_id"])
    result = await process_batch(store, [record(forged, "education")], POLICY, SECRET)
    assert result.counts["dead_lettered"] == 1 and "no task" in store.dead_letters[-1].reason
    assert store.tasks[task["data"]["task_id"]]["status"] == "assigned"


async def test_three_yellow_factors_escalate_to_orange(store):
    events = [b.hospital_bill(person(RICH_SON), Decimal("10000.01"), when=b.NOW - timedelta(hours=3)),  # attention
              b.job_lost(person(RICH_SON), Decimal("2000"), when=b.NOW - timedelta(hours=2)),  # member job lost
              b.allowance_ended(person(RICH_HEAD), when=b.NOW - timedelta(hours=1))]
    result = await process_batch(store, [record(e) for e in events], POLICY, SECRET)
    [alert] = result.alerts
    assert alert.level == "orange" and {f.level for f in alert.factors} == {"yellow"} and len(alert.factors) == 3
    two = await process_batch(store_of({r: store.registry[r] for r in (RICH_HEAD, RICH_SON)}),
                              [record(e) for e in events[:2]], POLICY, SECRET)
    assert [a.level for a in two.alerts] == ["yellow"]  # two yellows stay yellow
    assert "orange" in alert.explanation_en and alert.link.method == "exact"


async def test_a_worse_level_on_an_open_case_raises_a_new_alert_and_a_better_one_reassesses(store):
    await process_batch(store, [record(b.allowance_ended(person(HEAD), when=b.NOW - timedelta(days=2)))],
                        POLICY, SECRET)
    worse = await process_batch(store, [record(b.housing("D", person(HEAD), when=b.NOW - timedelta(days=1)))],
                                POLICY, SECRET)
    assert [a.level for a in worse.alerts] == ["red"] and len(store.alerts) == 2
    better = await process_batch(store, [record(b.housing("A", person(HEAD)))], POLICY, SECRET)
    assert better.alerts == [] and store.assessments[-1][0].cause == "event"
    assert store.assessments[-1][0].assessment.level == "yellow"


def test_the_fake_and_the_postgresql_store_implement_the_same_protocol():
    wanted = {n: inspect.signature(f).parameters.keys() for n, f in vars(BatchStore).items()
              if inspect.iscoroutinefunction(f)}
    assert len(wanted) > 15
    for impl in (FakeStore, PgStore):
        assert {n: inspect.signature(getattr(impl, n)).parameters.keys() for n in wanted} == wanted, impl


async def test_a_late_bill_counts_in_the_burden_of_the_later_bill_already_assessed(store):
    # Business-time order: 10,000 (100 days ago), then 8,000.01 (now) -> 18,000.01 over the
    # household's 18,000 a year. Here the later bill arrives first (another batch): alone it is
    # under every threshold; the late one must restate the later bill's burden, not only its own.
    late = b.hospital_bill(person(HEAD), Decimal("10000"), when=b.NOW - timedelta(days=100))
    later = b.hospital_bill(person(SPOUSE), Decimal("8000.01"))
    await process_batch(store, [record(later)], POLICY, SECRET)
    result = await process_batch(store, [record(late)], POLICY, SECRET)
    factor = store.factors[store.registry[HEAD]["household_id"]]["medical_burden_over_income"]
    assert factor.active and factor.amount_yuan == Decimal("18000.01")
    assert factor.evidence_event_ids[-1] == later.id and factor.resident_id == SPOUSE
    assert [a.level for a in result.alerts] == ["red"]
