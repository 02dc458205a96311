"""Runs after the end-to-end module (file order): replays a month of every department's
simulated events — dirty ones included — plus staff decisions through the running system,
then checks every line every service logged for any registry resident ID or name."""
from datetime import date
from importlib import import_module

from deploy.privacy_check import registry_identities, scan
from services.monitor.consumer import GROUP_ID
from shared import topics
from tests.integration.system import DEPARTMENTS
from tooling.simulate.people import SimPerson
from tooling.simulate.noise import Noise
from tooling.simulate.publish import simulate

DIRTY = Noise(unknown_person=0.05, bad_check_character=0.05, malformed_json=0.02)


async def test_no_resident_id_or_name_reaches_any_service_log(system, db):
    rows = await db.fetch("SELECT p.resident_id, p.name, p.gender, p.birth_date, h.village_code, p.household_id, "
                          "p.main_earner FROM monitor.persons p JOIN monitor.households h USING (household_id)")
    people = [SimPerson(*r) for r in rows]
    for code in DEPARTMENTS:
        dept = import_module(f"services.{code}.department").DEPARTMENT
        await simulate(dept, people, date(2026, 10, 1), 150, seed=3, bootstrap=system.bootstrap,
                       key_secret=system.env["PARTITION_KEY_SECRET"], noise=DIRTY, progress=False)
    # Every record just published has been processed by the monitor (its committed offsets
    # reach the end of each events topic), dead letters included: waits for this test's own
    # traffic, not for a count that other tests' records could meet.
    await system.wait_consumed(topics.group(GROUP_ID), [topics.events_topic(code) for code in DEPARTMENTS])
    assert system.reader.values(topics.DEADLETTER), "the dirty records produced no dead letter"
    ids, names = await registry_identities(system.dsn)
    logs = sorted(system.log_dir.glob("*.log"))
    text = "".join(p.read_text() for p in logs)
    assert "alert_raised" in text and "task_received" in text  # the logs being checked are real
    found = scan(logs, ids, names)
    assert found.lines_scanned > 100
    assert found.clean, f"personal data in logs at {found.ids[:5] + found.names[:5]}"


def test_the_scanner_does_find_an_id_and_a_name_it_is_given(tmp_path):
    log = tmp_path / "x.log"
    log.write_text('{"event": "oops", "detail": "653101199001011230 阿卜杜拉·买买提"}\n{"event": "fine"}\n')
    found = scan([log], {"653101199001011230"}, {"阿卜杜拉·买买提"})
    assert found.ids == ["x.log:1"] and found.names == ["x.log:1"]
