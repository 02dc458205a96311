"""The dashboard's small pure helpers: the sign-in redirect target, SSE framing, labels."""
from datetime import datetime, timezone

import pytest

from services.monitor.dashboard.counties import all_codes, county_name
from services.monitor.dashboard.page_alerts import choice
from services.monitor.dashboard.page_live import sse, start_of
from services.monitor.dashboard.page_overview import worst_level
from services.monitor.dashboard.page_signin import safe_next
from services.monitor.dashboard.texts import TEXTS, text


@pytest.mark.parametrize("wanted, goes", [("/dashboard/alerts?level=red", "/dashboard/alerts?level=red"),
                                          ("https://evil.example/", "/dashboard/"), ("//evil.example", "/dashboard/"),
                                          ("/dashboard//evil.example", "/dashboard/"), ("/v1/alerts", "/dashboard/"),
                                          (None, "/dashboard/")])
def test_after_sign_in_only_a_dashboard_path_is_followed(wanted, goes):
    assert safe_next(wanted) == goes


def test_an_sse_message_splits_lines_and_carries_its_id():
    assert sse("alert", "<tr>\n</tr>", "2026-12-02T12:00:00+00:00") == (
        "event: alert\nid: 2026-12-02T12:00:00+00:00\ndata: <tr>\ndata: </tr>\n\n")
    assert sse("bye", "") == "event: bye\ndata: \n\n"


def test_a_reconnect_resumes_from_its_last_event_id_and_a_bad_one_starts_now():
    assert start_of("2026-12-02T12:00:00+00:00") == datetime(2026, 12, 2, 12, tzinfo=timezone.utc)
    assert (datetime.now(timezone.utc) - start_of("not a time")).total_seconds() < 5


def test_a_county_cell_takes_its_worst_colour():
    assert worst_level({"yellow": 3, "red": 1}) == "red"
    assert worst_level({"orange": 0, "yellow": 2}) == "yellow"
    assert worst_level({}) == "green"


def test_a_filter_is_one_of_its_values_or_empty_and_anything_else_is_refused():
    assert choice("", ("red",), "colour") is None and choice("red", ("red",), "colour") == "red"
    with pytest.raises(Exception, match="unknown colour"):
        choice("purple", ("red",), "colour")


def test_the_twelve_counties_have_names_in_both_languages():
    assert len(all_codes()) == 12
    assert county_name("653125", "zh") == "莎车县" and county_name("653125", "en") == "Yarkant"
    assert all(county_name(c, "en") != c for c in all_codes())
    assert county_name("110101", "zh") == "110101"


def test_every_label_has_chinese_and_english_and_an_unknown_key_shows_itself():
    assert all(zh and en and zh != en for zh, en in TEXTS.values())
    assert text("overview", "zh") == "一张图" and text("overview", "en") == "Overview"
    assert text("st_something_new", "en") == "st_something_new"


def test_departments_are_named_from_their_folders_and_township_is_the_verification_visits():
    from services.monitor.dashboard.departments import department_name
    assert department_name("housing", "zh") == "住建局" and department_name("health_insurance", "en") == "Health insurance"
    assert department_name("township", "zh").startswith("乡镇") and department_name("nobody", "zh") == "nobody"


def test_times_show_in_asia_shanghai():
    from services.monitor import db_dashboard
    from services.monitor.dashboard.templating import local_time
    tz = db_dashboard.LOCAL_TZ
    assert local_time(datetime(2026, 10, 15, 2, 30, tzinfo=timezone.utc), tz) == "2026-10-15 10:30"
    assert local_time(datetime(2026, 12, 31, 16, 0, 5, tzinfo=timezone.utc), tz, "%H:%M:%S") == "00:00:05"
