"""The operator command line's pure parts (relapse/): rows decoded from record bytes with the
resident ID masked and no name, filters, topic names, settings, and one-line errors with a
non-zero exit when the broker or the monitor does not answer."""
import json
import os

import httpx
import pytest
from rich.console import Console
from typer.testing import CliRunner

from relapse import settings, tables
from relapse.cli import app
from relapse.failures import Refused
from relapse.monitor_api import MonitorApi
from relapse.records import decode, short_type, wanted
from relapse.replay_status import progress_of
from relapse.topics_named import resolve
from shared import topics
from shared.kafka_lag import PartitionLag
from shared.resident_id.masking import masked

RID, NAME = "653125199001011236", "阿卜杜拉·买买提"
runner = CliRunner()


def text_of(renderable) -> str:
    console = Console(record=True, width=200)
    console.print(renderable)
    return console.export_text()


def department_event() -> bytes:
    return json.dumps({"id": "e-1", "type": "cn.kashgar.health_insurance.hospital_bill_settled.v1",
                       "time": "2026-10-03T08:00:00+08:00",
                       "data": {"person": {"resident_id": RID, "name": NAME, "village_code": "653125100200"}}}).encode()


def test_a_department_event_row_shows_county_and_a_masked_id_never_the_name():
    row = decode(0, 5, department_event())
    assert (row.type, row.county, row.resident, row.time) == (
        "health_insurance.hospital_bill_settled", "653125", "6531************36", "2026-10-03T08:00:00+08:00")
    line = text_of(tables.watch_line(row))
    assert "0@5" in line and "6531************36" in line
    assert RID not in line and NAME not in line


def test_without_a_village_the_county_is_the_one_that_issued_the_resident_id():
    value = json.dumps({"type": "cn.kashgar.housing.housing_appraised.v1", "data": {"person": {"resident_id": RID}}})
    assert decode(0, 1, value.encode()).county == "653125"
    assert decode(0, 1, value.replace(RID, "12AB").encode()).county == ""


def test_an_alert_row_carries_its_level_and_county():
    row = decode(1, 9, json.dumps({"type": "cn.kashgar.monitor.alert_raised.v1", "time": "2026-10-04T00:00:00Z",
                                   "data": {"county_code": "653101", "level": "red", "household_id": "h1"}}).encode())
    assert (row.type, row.county, row.level, row.resident) == ("monitor.alert_raised", "653101", "red", "")


@pytest.mark.parametrize("value, problem", [
    (b"\xff\xfe not json", "not UTF-8 JSON"), (b"{broken", "not UTF-8 JSON"), (b"[1, 2]", "without an event type"),
    (None, "empty record")])
def test_an_undecodable_record_is_a_row_saying_so(value, problem):
    row = decode(2, 7, value)
    assert problem in row.problem and row.type == ""
    assert "undecodable" in text_of(tables.watch_line(row))


def test_filters_by_type_part_and_county_and_problem_rows_always_pass():
    row = decode(0, 1, department_event())
    assert wanted(row, ["hospital_bill"], "653125") and wanted(row, [], None)
    assert not wanted(row, ["alert_raised"], None) and not wanted(row, [], "653101")
    assert wanted(decode(0, 2, b"x"), ["alert_raised"], "653101")


def test_masking_keeps_four_and_two_characters():
    assert masked(RID) == "6531" + "*" * 12 + "36"
    assert masked("1234") == "***" and masked(None) == "" and masked("") == ""
    assert short_type("not.a.cloud.type") == "not.a.cloud.type"


def test_topic_names_resolve_with_the_session_prefix():
    assert resolve("health_insurance") == topics.events_topic("health_insurance")
    assert resolve("alerts") == topics.ALERTS and resolve("deadletter") == topics.DEADLETTER
    assert resolve("monitor.tasks.housing.v1") == topics.tasks_topic("housing")
    assert resolve(topics.ALERTS) == topics.ALERTS


def test_the_token_comes_from_the_flag_or_the_first_operator_token(monkeypatch):
    monkeypatch.delenv("OPERATOR_TOKEN", raising=False)
    monkeypatch.setenv("OPERATOR_TOKENS", "ops:aaaaaaaaaaaaaaaa1,other:bbbbbbbbbbbbbbbb2")
    assert settings.operator_token(None) == "aaaaaaaaaaaaaaaa1" and settings.operator_token("given") == "given"
    monkeypatch.setenv("OPERATOR_TOKENS", "")
    with pytest.raises(settings.SettingMissing, match="OPERATOR_TOKENS"):
        settings.operator_token(None)


def test_the_local_env_file_fills_only_what_the_environment_lacks(tmp_path, monkeypatch):
    env = tmp_path / "env"
    env.write_text("RELAPSE_TEST_A=from-file\nRELAPSE_TEST_B=from-file\nnot a line\n")
    monkeypatch.setenv("RELAPSE_TEST_A", "from-env")
    monkeypatch.delenv("RELAPSE_TEST_B", raising=False)
    settings.load_local_env(env)
    assert (os.environ["RELAPSE_TEST_A"], os.environ["RELAPSE_TEST_B"]) == ("from-env", "from-file")
    monkeypatch.delenv("RELAPSE_TEST_B")


def test_a_missing_token_is_one_line_with_exit_2(monkeypatch):
    monkeypatch.delenv("OPERATOR_TOKEN", raising=False)
    monkeypatch.setenv("OPERATOR_TOKENS", "")
    result = runner.invoke(app, ["alerts"])
    assert result.exit_code == 2 and "no operator token" in result.output and "Traceback" not in result.output


def test_an_unreachable_monitor_is_one_line_with_exit_1():
    result = runner.invoke(app, ["alerts", "--monitor-url", "http://127.0.0.1:1", "--token", "x" * 16])
    assert result.exit_code == 1 and "monitor unreachable at http://127.0.0.1:1" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_broker_is_one_line_with_exit_1():
    result = runner.invoke(app, ["lag", "--bootstrap", "127.0.0.1:1"])
    assert result.exit_code == 1 and "broker (Kafka) unreachable" in result.output
    assert "Traceback" not in result.output


def test_a_refused_token_says_so():
    api = MonitorApi("http://monitor", "bad", transport=httpx.MockTransport(
        lambda request: httpx.Response(401, json={"detail": "unknown token"})))
    with pytest.raises(Refused, match="refused the operator token"):
        api.alerts(limit=5)


def test_a_refusal_of_the_monitor_carries_its_reason():
    api = MonitorApi("http://monitor", "t", transport=httpx.MockTransport(
        lambda request: httpx.Response(409, json={"detail": "review item already decided"})))
    with pytest.raises(Refused, match="409: review item already decided"):
        api.reject("e-1", "no such person")


def test_review_candidates_are_listed_masked_and_chosen_by_number():
    held = [{"event_id": "e-1", "event_type": "cn.kashgar.housing.housing_appraised.v1", "reason": "review",
             "received_at": "2026-10-01T00:00:00Z",
             "candidates": [{"resident_id": RID, "household_id": "h1", "score": 0.91}]}]
    text = text_of(tables.review_table(held))
    assert "6531************36" in text and RID not in text
    assert tables.candidate_id(held, "e-1", 1) == RID
    with pytest.raises(LookupError, match="no number 2"):
        tables.candidate_id(held, "e-1", 2)
    with pytest.raises(LookupError, match="no held event"):
        tables.candidate_id(held, "e-9", 1)


def test_replay_progress_sums_the_department_topics_only():
    group = topics.group("monitor")
    rows = [PartitionLag(group, topics.events_topic("housing"), 0, 40, 100, 60),
            PartitionLag(group, topics.events_topic("housing"), 1, 50, 50, 0),
            PartitionLag(group, topics.events_topic("education"), 0, 10, 30, 20),
            PartitionLag(group, topics.ALERTS, 0, 0, 999, 999)]
    progress = progress_of(rows)
    assert (progress.total, progress.done, progress.left) == (180, 100, 80)
    assert progress.lag_by_topic == {topics.events_topic("housing"): 60, topics.events_topic("education"): 20}


def test_the_lag_table_lists_each_partition():
    text = text_of(tables.lag_table([PartitionLag("g1", "t1", 2, -1, 7, 7)]))
    assert "g1" in text and "t1" in text and "none" in text and " 7 " in text


@pytest.mark.parametrize("topic", ["[/]", "[/red]", "[bold]x", "[link=http://evil.example]x"])
def test_markup_in_what_the_user_typed_is_shown_literally(topic):
    result = runner.invoke(app, ["watch", topic, "--bootstrap", "127.0.0.1:1", "--timeout", "1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.output.startswith("error: broker (Kafka) unreachable")


def test_values_from_the_monitor_are_not_read_as_markup():
    held = [{"event_id": "[/]", "event_type": "[bold]x", "reason": "[/red]", "received_at": "", "candidates": []}]
    table = tables.review_table(held)
    out = Console(width=200, record=True)
    out.print(table)
    shown = out.export_text()
    assert "[/]" in shown and "[bold]x" in shown and "[/red]" in shown
    out.print(tables.alerts_table([{"alert_id": "[/]", "status": "[link=x]y", "level": "red"}]))
    assert "[link=x]y" in out.export_text()


@pytest.mark.parametrize("args", [["alerts", "--token", "é" * 16], ["alerts", "--monitor-url", "http://[::1", "--token",
                                                                      "x" * 16], ["watch", "alerts", "--timeout", "nan"]])
def test_a_setting_httpx_or_the_clock_cannot_use_is_one_line_with_exit_2(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert result.output.count("\n") <= 2
