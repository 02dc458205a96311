"""/metrics of the running system (the monitor's and a department's): after a posted event is processed,
the monitor counts it by department and type, its alert and task messages, one more batch's latency,
and samples the monitor group's lag and its outbox backlog; the department shows its own outbox backlog."""
import asyncio

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from services.monitor.consumer import GROUP_ID
from shared import topics
from shared.metrics import SAMPLE_S
from tests.browser.events_posted import post_housing_grade_d, wait_alert_row

pytestmark = pytest.mark.integration
HOUSING_TYPE = "cn.kashgar.housing.housing_safety_appraised.v1"


async def samples(url: str) -> dict[tuple[str, frozenset], float]:
    async with httpx.AsyncClient(timeout=5) as http:
        text = (await http.get(url)).text
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


async def test_the_monitor_and_a_department_expose_the_pipelines_metrics(system, db):
    monitor = system.url("monitor", "/metrics/")
    before = await samples(monitor)
    row = await post_housing_grade_d(system, db)
    await wait_alert_row(db, row["household_id"])
    await system.wait_consumed(topics.group(GROUP_ID), [topics.events_topic("housing")])
    await asyncio.sleep(SAMPLE_S + 1)  # one more sample of the gauges
    after = await samples(monitor)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("monitor_events_consumed_total", department="housing", type=HOUSING_TYPE) >= 1
    assert moved("monitor_messages_emitted_total", kind="alert", department="") >= 1
    assert moved("monitor_messages_emitted_total", kind="task", department="housing") >= 1
    assert moved("monitor_batch_seconds_count") >= 1
    lag = {dict(labels)["partition"]: v for (name, labels), v in after.items()
           if name == "kafka_consumer_lag_records" and dict(labels)["group"] == topics.group(GROUP_ID)
           and dict(labels)["topic"] == topics.events_topic("housing")}
    assert lag and all(v >= 0 for v in lag.values()), lag
    assert ("outbox_pending_messages", frozenset({("schema", "monitor")})) in after
    department = await samples(system.url("housing", "/metrics/"))
    assert ("outbox_pending_messages", frozenset({("schema", "housing")})) in department
    assert value(department, "outbox_oldest_pending_seconds", schema="housing") >= 0
