"""Personal data never reaches a log line (PIPL; DESIGN.md section 8): shared/logging.py.

`mask_personal_data` is tested as a plain function; `configure()` is tested end to end by
capturing what it writes on stderr, for structlog and for stdlib loggers (aiokafka).
"""
import json
import logging

import pytest
import structlog
from pydantic import ValidationError

from shared.contracts.types import Person
from shared.log_masking import MASK, mask_personal_data
from shared.logging import configure
from tests.unit.builders import VALID_15, VALID_ID, VALID_X_ID

HOUSEHOLD_ID = "6531011032030001"  # 16 digits: needed by operators, not personal data
EVENT_UUID = "6f1f8f0e-3d1b-4c53-9a55-1b1c2f0d6531"


def masked(**event_dict) -> dict:
    return mask_personal_data(None, "info", event_dict)


# --- the processor -------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["resident_id", "name", "person", "id_number", "birth_date"])
def test_a_personal_key_is_masked_whatever_its_value(key):
    assert masked(**{key: "阿卜杜拉"})[key] == MASK


def test_a_person_dict_under_the_person_key_is_masked_entirely():
    out = masked(person={"resident_id": VALID_ID, "name": "阿卜杜拉", "village_code": "653101100203"})
    assert out["person"] == MASK


def test_an_18_character_id_inside_free_text_is_masked():
    out = masked(event=f"no match for {VALID_ID} in registry")
    assert VALID_ID not in out["event"]
    assert out["event"] == f"no match for {MASK} in registry"


def test_an_18_character_id_with_a_lower_case_x_inside_free_text_is_masked():
    out = masked(event=f"id={VALID_X_ID.lower()};")
    assert out["event"] == f"id={MASK};"


def test_a_15_digit_id_inside_free_text_is_masked():
    out = masked(event=f"old id {VALID_15} found")
    assert out["event"] == f"old id {MASK} found"


def test_an_id_in_full_width_digits_is_masked():
    full_width = VALID_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert masked(event=f"x {full_width}")["event"] == f"x {MASK}"


def test_ids_in_nested_dicts_and_lists_are_masked():
    out = masked(batch={"records": [{"name": "古丽", "note": f"id {VALID_ID}"}, (VALID_15,)],
                        "inner": {"resident_id": VALID_ID}})
    assert out == {"batch": {"records": [{"name": MASK, "note": f"id {MASK}"}, [MASK]],
                             "inner": {"resident_id": MASK}}}
    assert VALID_ID not in json.dumps(out)


def test_the_input_value_of_a_pydantic_validation_error_is_masked():
    with pytest.raises(ValidationError) as info:
        Person.model_validate({"resident_id": VALID_ID, "name": "阿卜杜拉", "gender": "X"})
    with pytest.raises(ValidationError) as whole:
        Person.model_validate([VALID_ID, "阿卜杜拉"])  # the whole record quoted as input_value
    for text in (str(info.value), str(whole.value)):
        assert "input_value=" in text
        out = masked(error=text)["error"]
        assert f"input_value={MASK}" in out
        assert "阿卜杜拉" not in out and VALID_ID not in out
        assert "input_type=" in out  # the rest of the message is kept for the operator


def test_a_household_id_is_not_masked():
    out = masked(household_id=HOUSEHOLD_ID, event=f"household {HOUSEHOLD_ID} assessed")
    assert out == {"household_id": HOUSEHOLD_ID, "event": f"household {HOUSEHOLD_ID} assessed"}


def test_a_uuid_is_not_masked():
    out = masked(alert_id=EVENT_UUID, event=f"alert {EVENT_UUID} raised")
    assert out == {"alert_id": EVENT_UUID, "event": f"alert {EVENT_UUID} raised"}


def test_non_text_values_pass_through():
    assert masked(count=3, ok=True, nothing=None) == {"count": 3, "ok": True, "nothing": None}


# --- configure(): what actually reaches stderr -----------------------------------------------

@pytest.fixture
def logs(capsys):
    """configure() inside capsys, then restore the global logging and structlog setup.

    Tests call `start()` in their body: the handler keeps the sys.stderr of the moment, and
    only in the test body is that capsys's stream.
    """
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level

    def lines() -> list[dict]:
        return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]

    def start():
        return configure("unit-test"), lines

    yield start
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


def test_configure_writes_json_lines_with_the_service_and_masks_structlog_events(logs):
    log, lines = logs()
    log.info("matched", resident_id=VALID_ID, household_id=HOUSEHOLD_ID, detail=f"from {VALID_ID}")
    (line,) = lines()
    assert line["event"] == "matched"
    assert line["service"] == "unit-test"
    assert line["resident_id"] == MASK
    assert line["detail"] == f"from {MASK}"
    assert line["household_id"] == HOUSEHOLD_ID


def test_configure_routes_stdlib_logging_through_the_mask(logs):
    _, lines = logs()
    logging.getLogger("aiokafka").warning("x %s", VALID_ID)
    (line,) = lines()
    assert line["event"] == f"x {MASK}"
    assert line["level"] == "warning"


def test_configure_masks_a_library_logger_that_had_its_own_handler(logs, capsys):
    own = logging.getLogger("unit_test_library_with_handler")
    own.addHandler(logging.StreamHandler())  # as FastStream does; it would bypass the mask
    try:
        _, lines = logs()  # configure() must clear that handler so the record propagates to the root
        own.error("bad id %s", VALID_ID)
        text = capsys.readouterr().err
    finally:
        own.handlers.clear()
        own.propagate = True
    assert VALID_ID not in text
    assert f"bad id {MASK}" in text


def test_an_exception_traceback_is_masked(logs):
    log, lines = logs()
    try:
        raise ValueError(f"cannot link {VALID_ID}")
    except ValueError:
        log.exception("failed")
        logging.getLogger("aiokafka").exception("failed too")
    out = lines()
    assert len(out) == 2
    for line in out:
        assert f"cannot link {MASK}" in line["exception"]
        assert VALID_ID not in json.dumps(line, ensure_ascii=False)


def test_a_raw_message_body_in_bytes_is_masked(logs):
    log, lines = logs()
    log.info("rejected", body=json.dumps({"resident_id": VALID_ID}).encode())
    assert VALID_ID not in json.dumps(lines())


def test_a_pydantic_model_as_a_log_value_is_masked(logs):
    log, lines = logs()
    log.info("unmatched", subject=Person(resident_id=VALID_ID, name="阿卜杜拉"))
    text = json.dumps(lines(), ensure_ascii=False)
    assert VALID_ID not in text and "阿卜杜拉" not in text


def test_an_id_written_with_separators_is_masked():
    out = masked(event="raw id 653101-19900101-1235 / 653101 19900101 1235")
    assert "1235" not in out["event"]


def test_a_household_id_and_a_date_next_to_each_other_are_not_masked():
    text = f"household {HOUSEHOLD_ID} assessed 2026-10-15 at level red, 3 members"
    assert masked(event=text)["event"] == text
