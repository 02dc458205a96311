"""Why an event is held (services/monitor/held.py and the reason the pipeline forms): a valid
resident ID issued outside the policy's region that the registry does not hold is held as
"outside the monitored region" (issue 15 section 4), counted apart from "not in the registry"
by the metrics and the demo summary."""
from collections import Counter

import pytest
from prometheus_client import REGISTRY
from rich.console import Console

from deploy.summary import render
from services.monitor import held, metrics
from services.monitor.batch_result import BatchResult
from services.monitor.decode import decode
from services.monitor.matching import MatchResult
from services.monitor.records import Decoded
from services.monitor.unmatched import held_reason
from services.monitor.policy import load_policy
from shared.resident_id import normalise
from shared.topics import events_topic
from tests.unit import builders as b
from tests.unit.test_decode import as_bytes, record

pytestmark = pytest.mark.unit

REGION = load_policy().region
NOBODY = MatchResult(None, None, "probabilistic", "reject", None, (), "id_unknown:no_candidates")
CANDIDATES = MatchResult(None, None, "probabilistic", "review", 9.5, (), "id_unknown:below_link")


def decoded(resident_id: str | None) -> Decoded:
    result = decode(record(events_topic("housing"), as_bytes(b.housing("C", b.person(resident_id)))))
    assert isinstance(result, Decoded)
    return result


ELSEWHERE = [b.with_check("11010119700101123"),  # Beijing Dongcheng
             b.with_check("41152819851224004"),  # Henan, a migrant worker's home county
             b.with_check("65010219900101123"),  # Urumqi: the same province, another prefecture
             b.with_check("65320119800101123"),  # Hotan city, the neighbouring prefecture
             b.with_check("65290119920101123"),  # Aksu
             "650102900101123"]  # a 15-digit ID from Urumqi
IN_REGION = [b.with_check("65310119900101123"), b.with_check("65313119500101123"),
             b.with_check("65312520150601002"), "653101900101123"]


def test_the_kashgar_policy_monitors_the_kashgar_prefecture():
    assert REGION == "6531"


@pytest.mark.parametrize("rid", ELSEWHERE)
def test_a_valid_id_from_outside_the_region_that_nobody_holds_is_held_as_outside_the_monitored_region(rid):
    reason = held_reason(decoded(rid), NOBODY, REGION)
    assert reason.startswith("outside the monitored region (outside_region)") and rid not in reason
    assert held.kind(reason) == "outside_region"


@pytest.mark.parametrize("rid", IN_REGION)
def test_a_valid_id_of_the_region_that_nobody_holds_is_held_as_not_in_the_registry(rid):
    reason = held_reason(decoded(rid), NOBODY, REGION)
    assert reason == "resident ID is valid but not in the household registry"
    assert held.kind(reason) == "not_in_registry"


@pytest.mark.parametrize("rid", ELSEWHERE[:2] + IN_REGION[:2])
def test_an_event_with_candidates_is_held_for_review_whatever_the_ids_region(rid):
    reason = held_reason(decoded(rid), CANDIDATES, REGION)
    assert reason.endswith("probable match needs review (id_unknown:below_link)") and held.kind(reason) == "review"
    assert (held.OUTSIDE_REGION in reason) == (rid in ELSEWHERE)


@pytest.mark.parametrize("rid", [None, "653101199001011230", "6531011990010112\u200b35"])
def test_a_missing_or_invalid_id_is_never_outside_the_region(rid):
    x = decoded(rid)
    assert x.resident_id is None
    reason = held_reason(x, CANDIDATES, REGION)
    assert held.OUTSIDE_REGION not in reason and held.kind(reason) == "review"


@pytest.mark.parametrize("region, inside, outside", [
    ("65", "650102", "110101"), ("6531", "653131", "653201"), ("653101", "653101", "653121"),
    ("11", "110101", "120101")])
def test_the_region_is_a_prefix_of_the_county_code(region, inside, outside):
    assert held.outside_region(normalise(b.with_check(f"{inside}19800101123")), region) is None
    assert held.outside_region(normalise(b.with_check(f"{outside}19800101123")), region) is not None


def test_the_metrics_count_each_kind_of_hold_apart():
    def sample(kind):
        return REGISTRY.get_sample_value("monitor_held_total", {"kind": kind}) or 0.0

    before = {k: sample(k) for k in held.HELD_KINDS}
    counts = Counter({"unmatched": 6, "held_outside_region": 3, "held_not_in_registry": 2, "held_review": 1})
    metrics.observe_batch(BatchResult(counts), 6, 0.1)
    assert {k: sample(k) - before[k] for k in held.HELD_KINDS} == {"outside_region": 3, "not_in_registry": 2,
                                                                   "review": 1}


def test_the_demo_summary_says_how_many_are_outside_the_region_apart_from_not_in_the_registry():
    console = Console(record=True, width=200)
    render({"registry": {"households": 1, "persons": 4}, "by_department": [], "links": [], "alerts": [], "tasks": [],
            "pending_outbox": 0, "held": [{"kind": "review", "n": 4}, {"kind": "outside_region", "n": 7},
                                          {"kind": "not_in_registry", "n": 2}]}, console)
    text = console.export_text()
    assert "held for review with candidates 4, outside the monitored region 7, not in the registry 2" in text
