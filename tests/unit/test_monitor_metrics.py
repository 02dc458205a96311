"""The monitor's metrics (services/monitor/metrics.py) move as a processed batch says: a batch of the
batch core (tests/unit/test_batch_core.py's in-memory store) counted by observe_batch, as the
consumer does after each batch; and the labels a dead letter's reason and a message's topic get."""
import time
from decimal import Decimal

import pytest
from prometheus_client import REGISTRY

from services.monitor import metrics
from services.monitor.batch import process_batch
from services.monitor.dead_letter_kinds import KINDS, reason_kind
from services.monitor.dedup import REUSED_ID
from services.monitor.records import InboundRecord
from shared import topics
from tests.unit import builders as b
from tests.unit.test_batch_core import HEAD, POLICY, SECRET, person, record, store  # noqa: F401 - store: a fixture

pytestmark = pytest.mark.unit


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_a_processed_batch_moves_the_counters_of_events_messages_dead_letters_and_latency(store):  # noqa: F811
    bill = b.hospital_bill(person(HEAD), Decimal("18000.01"))  # red: an alert and a medical task
    broken = InboundRecord(topics.events_topic("health_insurance"), 0, 999_001, b"k", b"{not json")
    unknown_task = record(b.task_acknowledged("education", task_id="no-such-task"))
    watched = {
        "bills": ("monitor_events_consumed_total", {"department": "health_insurance", "type": bill.type}),
        "undecoded": ("monitor_events_consumed_total", {"department": "health_insurance", "type": ""}),
        "alerts": ("monitor_messages_emitted_total", {"kind": "alert", "department": ""}),
        "tasks": ("monitor_messages_emitted_total", {"kind": "task", "department": "health_insurance"}),
        "dead_letter_messages": ("monitor_messages_emitted_total", {"kind": "dead_letter", "department": ""}),
        "invalid_json": ("monitor_dead_letters_total", {"reason": "invalid_json"}),
        "unknown_task": ("monitor_dead_letters_total", {"reason": "unknown_task"}),
        "batches": ("monitor_batch_seconds_count", {}),
        "slow_batches": ("monitor_batch_seconds_bucket", {"le": "0.5"}),
    }
    before = {k: sample(name, **labels) for k, (name, labels) in watched.items()}

    started = time.monotonic()
    result = await process_batch(store, [record(bill), broken, unknown_task], POLICY, SECRET)
    metrics.observe_batch(result, 3, 0.75)

    assert time.monotonic() - started < 5
    moved = {k: sample(name, **labels) - before[k] for k, (name, labels) in watched.items()}
    assert moved == {"bills": 1, "undecoded": 1, "alerts": 1, "tasks": 1, "dead_letter_messages": 2,
                     "invalid_json": 1, "unknown_task": 1, "batches": 1, "slow_batches": 0}
    assert sample("monitor_batch_seconds_sum") >= 0.75


@pytest.mark.parametrize("reason, kind", [
    ("not valid JSON: EOF while parsing", "invalid_json"),
    ("invalid event: data.person: Field required", "invalid_event"),
    ("empty message", "invalid_event"),
    ("topic x.v1 is not a department events topic", "wrong_topic"),
    ("task status for education sent on health_insurance.events.v1", "wrong_topic"),
    ("event type cn.kashgar.education.dropout_flagged.v1 is not allowed on housing.events.v1", "wrong_topic"),
    ("could not decode record (KeyError)", "undecodable"),
    ("unreadable record: header name not UTF-8 (the Kafka client cannot decode it)", "undecodable"),
    (REUSED_ID, "reused_id"),
    ("no task t-1 assigned to education", "unknown_task"),
    ("resident_id missing; no village_code to search the registry by (no candidate)", "unusable_id"),
    ("invalid resident_id (check character): 653101...; nobody found", "unusable_id"),
    ("died_on 2031-01-01 is in the future: after the registration's own date", "future_date"),
    ("registered_on 2031-01-01 is in the future", "future_date"),
    ("processing failed: ZeroDivisionError", "processing_failed"),
    ("something nobody writes", "other"),
])
def test_each_dead_letter_reason_has_one_of_a_few_kinds(reason, kind):
    assert reason_kind(reason) == kind and kind in KINDS


def test_a_messages_topic_gives_its_kind_and_for_a_task_its_department():
    assert metrics.message_kind(topics.ALERTS) == ("alert", "")
    assert metrics.message_kind(topics.UNMATCHED) == ("unmatched", "")
    assert metrics.message_kind(topics.DEADLETTER) == ("dead_letter", "")
    assert metrics.message_kind(topics.tasks_topic("employment")) == ("task", "employment")
    assert metrics.message_kind(topics.events_topic("employment")) == ("other", "")
