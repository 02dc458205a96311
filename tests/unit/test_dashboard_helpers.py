"""The dashboard's small pure helpers: the sign-in redirect target, SSE framing, labels."""
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from services.monitor.dashboard.counties import all_codes, codes_in, county_name
from services.monitor.dashboard.departments import task_departments
from services.monitor.dashboard.page_alerts import choice
from services.monitor.dashboard.page_live import LOOKBACK, RESUME_WINDOW, sse, start_of
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
    sent = (datetime.now(timezone.utc) - timedelta(minutes=5)).replace(microsecond=0)
    assert start_of(sent.isoformat()) == sent
    assert start_of(sent.astimezone(timezone(timedelta(hours=8))).isoformat()) == sent
    for bad in ("not a time", sent.replace(tzinfo=None).isoformat(), "9999-12-31T23:59:59+00:00", None):
        assert (datetime.now(timezone.utc) - start_of(bad)).total_seconds() < 5, bad


def test_an_old_or_extreme_last_event_id_resumes_at_most_the_window_back():
    """A hand-made id from year 1 once overflowed `cursor - LOOKBACK` and ended the stream."""
    for old in ("0001-01-01T00:00:00+00:00", "2000-01-01T00:00:00+14:00"):
        back = datetime.now(timezone.utc) - start_of(old)
        assert RESUME_WINDOW - timedelta(seconds=5) < back <= RESUME_WINDOW, old
    assert start_of("0001-01-01T00:00:00+00:00") - LOOKBACK > datetime.now(timezone.utc) - 2 * RESUME_WINDOW


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


def test_every_page_is_neither_cached_nor_framed():
    """Pages carry households' data (full resident IDs on a household's page)."""
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from services.monitor import dashboard
    app = FastAPI()
    app.state.tokens = {}
    dashboard.install(app, reads=SimpleNamespace(LOCAL_TZ=ZoneInfo("Asia/Shanghai")),  # sign-in reads nothing
                      actions=SimpleNamespace())  # and does nothing
    page = TestClient(app).get("/dashboard/signin")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
    assert page.headers["content-security-policy"] == "frame-ancestors 'none'"


def test_a_scoped_operator_s_county_choices_are_his_counties_in_the_prefecture_s_order():
    assert codes_in(None) == all_codes()
    assert codes_in(frozenset({"653125", "653101"})) == ["653101", "653125"]


def test_the_department_filter_offers_the_task_receiving_departments_and_the_township():
    offered = task_departments()
    assert offered[-1] == "township" and "housing" in offered and len(offered) == len(set(offered))


def test_no_label_is_defined_twice():
    """A dict literal keeps the last of two equal keys silently: one page's label would replace another's."""
    import ast
    import collections

    from services.monitor.dashboard import texts
    tree = ast.parse(Path(texts.__file__).read_text(encoding="utf-8"))
    literals = [node.value for node in tree.body if isinstance(node, ast.AnnAssign) and node.target.id == "TEXTS"]
    literals += [node.value.args[0] for node in tree.body if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                 and ast.unparse(node.value.func) == "TEXTS.update"]  # TEXTS.update({...})
    keys = [k.value for literal in literals for k in literal.keys if isinstance(k, ast.Constant)]
    assert set(keys) == set(texts.TEXTS)  # every label was read from the source
    assert [k for k, n in collections.Counter(keys).items() if n > 1] == []
