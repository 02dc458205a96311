"""Acceptance (issue 15 part 1): twins and siblings whose given names are one syllable apart are
two people, also when the two syllables sound close (刚 gang / 康 kang, 思 si / 诗 shi, 栋 dong /
通 tong). The rules that let two Uyghur spellings be one name (t/d, k/g, x/s/sh ... in
services/monitor/matching/names/) must not make a registered Han twin out of her unregistered
twin: an event for the unregistered one never links to the registered one.

Through `match_batch` against a real PostgreSQL registry (kin.py), and one case end to end through
the monitor process (a CloudEvent on the department's topic).
"""
import asyncio
import json
import uuid

import pytest

from services.monitor.matching.comparisons.agreement import names_agree
from services.monitor.matching import MatchRecord, match_batch
from services.monitor.matching.names.parts import split_name
from shared import topics
from tests.acceptance2.kin import PEOPLE, TWINS, VILLAGE

PAIRS = list(TWINS)  # registered twin's key; TWINS[key] is the other twin, not registered


def record(twin, *, resident_id=None, fields=True) -> MatchRecord:
    if fields:
        return MatchRecord(resident_id, twin.name, twin.gender, twin.born, VILLAGE)
    return MatchRecord(resident_id, twin.name)


SHAPES = {
    "registered twin's ID, every field": lambda reg, twin: record(twin, resident_id=reg.resident_id),
    "registered twin's ID, name only (a bill)": lambda reg, twin: record(twin, resident_id=reg.resident_id,
                                                                         fields=False),
    "no ID, every field": lambda reg, twin: record(twin),
    "own ID not in the registry, every field": lambda reg, twin: record(twin, resident_id=twin.resident_id),
}


@pytest.mark.unit
@pytest.mark.parametrize("key", PAIRS)
def test_han_given_names_one_syllable_apart_are_not_one_name(key):
    registered, other = PEOPLE[key], TWINS[key]
    assert names_agree(split_name(other.name), split_name(registered.name)) is not True, (
        "two given names one syllable apart taken for one name")


@pytest.mark.integration
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("key", PAIRS)
async def test_an_event_for_the_unregistered_twin_never_links_to_the_registered_one(kin_registry, key, shape):
    registered, other = PEOPLE[key], TWINS[key]
    [result] = await match_batch(kin_registry, [SHAPES[shape](registered, other)])
    assert result.resident_id != registered.resident_id, (shape, result.band, result.reason)
    assert result.band != "link", (shape, result.reason)


def housing_event(twin, resident_id) -> bytes:
    eid = str(uuid.uuid4())
    return json.dumps({
        "specversion": "1.0", "id": eid, "source": "/kashgar/housing",
        "type": "cn.kashgar.housing.housing_safety_appraised.v1", "time": "2026-10-10T10:00:00+08:00",
        "datacontenttype": "application/json",
        "data": {"person": {"resident_id": resident_id, "name": twin.name, "gender": twin.gender,
                            "birth_date": twin.born.isoformat(), "village_code": VILLAGE},
                 "appraised_on": "2026-10-10", "grade": "D", "appraisal_id": "JD-" + eid}},
        ensure_ascii=False).encode()


@pytest.mark.integration
async def test_end_to_end_the_unregistered_twin_with_her_twins_id_is_held_not_linked(kin_monitor, kin_registry):
    registered, other = PEOPLE["yonggang"], TWINS["yonggang"]
    value = housing_event(other, registered.resident_id)
    eid = json.loads(value)["id"]
    await kin_monitor.publish("housing", value)
    outcome = await processed(kin_registry, eid)
    linked = await kin_registry.fetchval("SELECT resident_id FROM monitor.household_events WHERE event_id = $1", eid)
    assert linked != registered.resident_id, "the unregistered twin's event was linked to her registered twin"
    assert outcome == "unmatched", outcome
    found = await kin_monitor.reader.wait_for(kin_monitor.topic(topics.UNMATCHED),
                                              lambda v: v["data"]["event_id"] == eid, timeout_s=30)
    assert found


async def processed(db, event_id: str, timeout_s: float = 30) -> str:
    """The monitor's outcome for an event (monitor.processed_events), once it has one."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while asyncio.get_running_loop().time() < deadline:
        outcome = await db.fetchval("SELECT outcome FROM monitor.processed_events WHERE event_id = $1", event_id)
        if outcome is not None:
            return outcome
        await asyncio.sleep(0.3)
    raise AssertionError(f"the monitor did not process event {event_id} within {timeout_s} s")
