"""The review queue's side-by-side comparison (services/monitor/review_fields.py) and the queue
pages' small helpers (flash message, re-drive outcome, reason check)."""
from datetime import date

from fastapi import Request

from services.monitor.dashboard import flash
from services.monitor.dashboard.page_dead_letters import outcome
from services.monitor.dashboard.page_review import reason_given
from services.monitor.matching.weights import load_model
from services.monitor.review_fields import SHOWN, agreeing_levels, compare

AGREEING = agreeing_levels(load_model().fields)
PERSON = {"resident_id": "653125199001011236", "name": "阿卜杜拉·买买提", "gender": "M", "birth_date": "1990-01-01",
          "village_code": "653125100201"}
REGISTRY = {"resident_id": "653125199001011236", "name": "阿卜杜拉·买买提", "gender": "M",
            "birth_date": date(1990, 1, 2), "village_code": "653125100201"}


def by_field(rows):
    return {r["field"]: r for r in rows}


def test_full_agreement_is_the_first_level_of_each_field_of_the_model_and_an_id_hit():
    assert AGREEING == {"resident_id": {"same_body", "same"}, "given_name": {"exact"}, "family_name": {"exact"},
                        "gender": {"same"}, "birth_date": {"exact"}, "village": {"same"}}


def test_a_candidate_found_by_its_resident_id_agrees_on_it():
    rows = by_field(compare(PERSON, REGISTRY, {"resident_id": ["same", 0.0], "gender": ["different", -3.0]}, AGREEING))
    assert rows["resident_id"]["differs"] is False and rows["gender"]["differs"] is True


def test_a_field_whose_level_is_not_full_agreement_differs_and_the_others_do_not():
    levels = {"resident_id": ["same_body", 9.1], "given_name": ["exact", 6.0], "family_name": ["exact", 5.0],
              "gender": ["same", 1.0], "birth_date": ["one_digit", 2.1], "village": ["same", 3.0]}
    rows = by_field(compare(PERSON, REGISTRY, levels, AGREEING))
    assert [r["field"] for r in compare(PERSON, REGISTRY, levels, AGREEING)] == [f for f, *_ in SHOWN]
    assert {f for f, r in rows.items() if r["differs"]} == {"birth_date"}
    assert rows["birth_date"] == {"field": "birth_date", "event": "1990-01-01", "registry": "1990-01-02",
                                  "levels": {"birth_date": "one_digit"}, "differs": True}
    assert rows["name"]["levels"] == {"family_name": "exact", "given_name": "exact"}


def test_a_name_differs_when_either_part_does():
    levels = {"given_name": ["same_sound", 4.0], "family_name": ["exact", 5.0]}
    assert by_field(compare(PERSON, REGISTRY, levels, AGREEING))["name"]["differs"] is True


def test_an_uncompared_field_differs_only_when_both_values_are_known_and_unequal():
    rows = by_field(compare({**PERSON, "gender": None}, {**REGISTRY, "village_code": "653125100202"}, {}, AGREEING))
    assert rows["village"]["differs"] is True and rows["birth_date"]["differs"] is True
    assert rows["gender"] == {"field": "gender", "event": None, "registry": "M", "levels": {}, "differs": False}
    assert rows["resident_id"]["differs"] is False


def test_the_event_alone_has_its_values_and_nothing_differs():
    rows = compare(PERSON, None, {}, AGREEING)
    assert [r["event"] for r in rows] == ["653125199001011236", "阿卜杜拉·买买提", "M", "1990-01-01", "653125100201"]
    assert not any(r["differs"] or r["registry"] for r in rows)


def test_a_decision_needs_a_reason_of_two_characters_or_more():
    assert not reason_given("") and not reason_given("  a ") and reason_given("核实") and not reason_given("x" * 2001)


def test_a_redrive_outcome_names_what_was_sent_and_why_others_were_not():
    assert outcome({"sent": [3, 1], "skipped": {}, "redrive_id": 7}) == "2: 3 1"
    assert outcome({"sent": [], "skipped": {5: "gone", 4: "sent before"}, "redrive_id": None}) == (
        "0: — · ✗ 4: sent before; 5: gone")


def _request_with(cookie: str | None) -> Request:
    headers = [(b"cookie", f"{flash.COOKIE}={cookie}".encode())] if cookie is not None else []
    return Request({"type": "http", "headers": headers})


def test_a_flash_message_survives_its_redirect_once():
    response = flash.redirect_with("/dashboard/review", "error", "refused", "已驳回; held event x")
    assert response.status_code == 303 and response.headers["location"] == "/dashboard/review"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=60" in cookie
    value = cookie.split(";", 1)[0].split("=", 1)[1]
    assert flash.taken(_request_with(value)) == {"kind": "error", "key": "refused", "detail": "已驳回; held event x"}
    assert "Max-Age=0" in flash.forget(response).headers.getlist("set-cookie")[-1] or \
        'relapse_flash=""' in flash.forget(response).headers.getlist("set-cookie")[-1]


def test_a_missing_or_forged_flash_shows_nothing():
    for cookie in (None, "", "not%20json", "%7B%22kind%22%3A%22evil%22%7D", "%5B1%5D"):
        assert flash.taken(_request_with(cookie)) is None
