"""Which CloudEvents source belongs to whom (shared.sources), and its three users: the monitor
dead-letters an event whose source is not its topic's department (services/monitor/decode.py),
a department's HTTP API refuses it (shared/kit/http/posted_items.py), and so does its task intake
for a task not the monitor's (tests/unit/test_department_task_receiver.py). No broker, no database."""
import json

import pytest

from services.housing.department import DEPARTMENT as HOUSING
from services.monitor.decode import decode
from services.monitor.records import Decoded, InboundRecord, Rejected
from services.monitor.messages import SOURCE as MONITOR_SOURCE
from shared.contracts.catalog import DEPARTMENTS, SELF_REPORT
from shared.kit.http.posted_items import validate_items
from shared.sources import MONITOR, owner_of, source_of, source_problem
from shared.topics import events_topic
from tests.unit import builders as b

LEGIT = [
    "/kashgar/housing",
    "/kashgar/housing/county-653125",
    "/kashgar/housing/653125/office_2",
    "/kashgar/housing/a/b/c",
    "/kashgar/housing/0",
]
HOSTILE = [
    "/kashgar/housing/../health_insurance",  # climbs out
    "/kashgar/housing/..",
    "/kashgar/housing/./x",
    "/kashgar/housing/.",
    "/kashgar/housing/.hidden",
    "/kashgar/housing%2F..%2Fhealth_insurance",  # percent-encoded climb
    "/kashgar/hous%69ng",  # percent-encoded letter
    "/kashgar//housing",
    "/kashgar/housing//x",
    "//kashgar/housing",
    "/kashgar/housing/",  # trailing slash
    "/Kashgar/housing",  # case tricks
    "/kashgar/HOUSING",
    "/kashgar/Housing/x",
    "/kashgar/housing/X",
    "/kashgar/housіng",  # Cyrillic і
    "/kashgar/ｈousing",  # full-width h
    "/kashgar/housing\u200b",  # zero-width space
    "/kashgar/housing\u0301",  # combining accent
    "/kashgar/housing ",  # trailing junk
    " /kashgar/housing",
    "/kashgar/housing\n",
    "/kashgar/housing\x00",
    "/kashgar/housing\t/x",
    "/kashgar/housing?x=1",
    "/kashgar/housing#top",
    "/kashgar/housing;x",
    "/kashgar/housing\\..\\health_insurance",
    "/kashgar/housing-evil",  # look-alike prefixes
    "/kashgar/housing.evil",
    "/kashgar/housing:8080",
    "/kashgar/housing@evil",
    "/kashgar/housing/-x",
    "/kashgar/housing/_x",
    "https://kashgar/housing",
    "kashgar/housing",
    "/kashgar",
    "/kashgar/",
    "/kashgarhousing",
    "/kashgar2/housing",
    "/other/housing",
    "housing",
    "",
]
OTHER_OWNERS = {  # well formed, but another owner's
    "/kashgar/health_insurance": "health_insurance",
    "/kashgar/housingx": "housingx",
    "/kashgar/housing_evil": "housing_evil",
    "/kashgar/monitor": "monitor",
    "/kashgar/health_insurance/housing": "health_insurance",
}
# What the contracts refuse already (shared.contracts.types: no NUL, not empty): the rest reach the source rule.
CONTRACT_REFUSES = {"/kashgar/housing\x00", ""}
REFUSED_BY_RULE = [s for s in HOSTILE if s not in CONTRACT_REFUSES] + list(OTHER_OWNERS)


@pytest.mark.parametrize("source", LEGIT)
def test_a_departments_source_and_the_paths_below_it_belong_to_it(source):
    assert owner_of(source) == "housing" and source_problem(source, "housing") is None


@pytest.mark.parametrize("source", HOSTILE)
def test_a_source_that_would_need_normalising_belongs_to_no_one_and_is_refused_quoted(source):
    assert owner_of(source) is None
    problem = source_problem(source, "housing")
    assert problem.startswith(f"source {source!r} is not a source of ours")
    assert "/kashgar/housing or a path below it" in problem


@pytest.mark.parametrize("source, owner", OTHER_OWNERS.items())
def test_a_well_formed_source_of_another_owner_is_refused_naming_that_owner(source, owner):
    assert owner_of(source) == owner
    assert source_problem(source, "housing") == f"source {source!r} is {owner}'s, not housing's " \
                                                "(/kashgar/housing or a path below it)"


def test_a_long_source_is_quoted_in_part():
    problem = source_problem("/kashgar/housing/" + "X" * 180, "housing")
    assert "X" * 63 + "'..." in problem and "X" * 64 not in problem


@pytest.mark.parametrize("not_text", [None, 7, b"/kashgar/housing"])
def test_a_source_that_is_not_text_belongs_to_no_one(not_text):
    assert owner_of(not_text) is None


def test_every_writer_takes_its_source_from_the_one_rule():
    assert all(d.source == source_of(d.code) and owner_of(d.source) == d.code for d in DEPARTMENTS)
    assert MONITOR_SOURCE == source_of(MONITOR) == "/kashgar/monitor"
    assert owner_of(source_of(SELF_REPORT)) == SELF_REPORT
    with pytest.raises(ValueError):
        source_of("../monitor")


# The monitor: the event's source must be the department that owns the topic it came on.

def _record(topic: str, event, source: str) -> InboundRecord:
    body = json.loads(event.model_dump_json())
    body["source"] = source
    return InboundRecord(topic, 0, 42, b"k", json.dumps(body, ensure_ascii=False).encode(), (), 1_760_000_000_000)


@pytest.mark.parametrize("source", LEGIT)
def test_the_monitor_decodes_an_event_from_its_topics_department(source):
    assert isinstance(decode(_record(events_topic("housing"), b.housing("D"), source)), Decoded)


@pytest.mark.parametrize("source", REFUSED_BY_RULE)
def test_the_monitor_refuses_an_event_whose_source_is_not_its_topics_department(source):
    result = decode(_record(events_topic("housing"), b.housing("D"), source))
    assert isinstance(result, Rejected)
    assert result.reason == f"{source_problem(source, 'housing')}: refused on {events_topic('housing')}, " \
                            "housing's topic"


def test_the_monitor_refuses_a_completion_claiming_another_departments_source():
    """Education's source on health insurance's topic, for a task of health insurance's."""
    completion = b.task_completed("health_insurance")
    result = decode(_record(events_topic("health_insurance"), completion, "/kashgar/education"))
    assert isinstance(result, Rejected) and "is education's, not health_insurance's" in result.reason
    genuine = decode(_record(events_topic("health_insurance"), completion, "/kashgar/health_insurance"))
    assert isinstance(genuine, Decoded) and genuine.is_task_status


def test_the_monitor_refuses_a_status_for_another_departments_task_even_with_a_matching_source():
    result = decode(_record(events_topic("education"), b.task_completed("health_insurance"), "/kashgar/education"))
    assert isinstance(result, Rejected) and result.reason.startswith("task status for health_insurance sent on")


# A department's HTTP API: the posted event's source must be the department's.

def _posted(source: str) -> dict:
    return {**json.loads(b.housing("D").model_dump_json()), "source": source}


@pytest.mark.parametrize("source", REFUSED_BY_RULE)
def test_a_departments_api_refuses_a_source_not_its_own_with_the_reason(source):
    events, errors = validate_items(HOUSING, [_posted("/kashgar/housing"), _posted(source)])
    assert len(events) == 1 and [e["index"] for e in errors] == [1]
    (error,) = errors[0]["errors"]
    assert error["loc"] == ["source"]
    assert error["msg"] == f"{source_problem(source, 'housing')}: this service sends only housing's events"


@pytest.mark.parametrize("source", LEGIT)
def test_a_departments_api_accepts_its_own_source(source):
    events, errors = validate_items(HOUSING, [_posted(source)])
    assert errors == [] and events[0].source == source


@pytest.mark.parametrize("source", sorted(CONTRACT_REFUSES))
def test_a_source_the_contracts_refuse_is_dead_lettered_by_the_monitor_as_invalid(source):
    result = decode(_record(events_topic("housing"), b.housing("D"), source))
    assert isinstance(result, Rejected) and result.reason.startswith("invalid event: ") and ".source: " in result.reason
