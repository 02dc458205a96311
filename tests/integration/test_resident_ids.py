"""Resident IDs as GB 11643 and real life mean them (issue 15 sections 2 and 4), through the real
broker, the running services and PostgreSQL: people born before 1900 link whichever way their
event comes in (Kafka, a department's POST, the self-report endpoint, a file), an ID with a
character that is not a digit, X or separator is never repaired into a link, and a valid ID from
outside the monitored region is held with its own reason."""
import asyncio
import base64
import random
from datetime import date

import httpx
import pytest
from stdnum.cn import ric

from deploy.summary import collect
from services.monitor.matching.keys import rebuild_match_keys
from shared import topics
from shared.kit.spreadsheet.files.writing import write_table
from tests.integration import events as ev
from tests.integration.cases import operator_headers
from tests.integration.test_department_import import good_ids, import_cli, wait_processed
from tests.integration.test_end_to_end import USED, as_bytes, pick, publish


def with_check(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


async def processed(db, event_id: str) -> None:
    await wait_processed(db, [event_id])


async def link_method(db, event_id: str) -> str | None:
    return await db.fetchval("SELECT link_method FROM monitor.household_events WHERE event_id = $1", event_id)


@pytest.fixture(scope="module")
async def elders(database):
    """A household of the registry whose members were born before 1900: one with an 18-digit ID
    of the 18xx century, three who hold (or once held) 15-digit IDs with the centenarian
    sequences, and one who moved in with an ID issued in Henan. Synthetic people, added to the
    session's registry with their match keys."""
    import asyncpg
    conn = await asyncpg.connect(database)
    try:
        village = await conn.fetchrow("SELECT county_code, township_code, village_code FROM monitor.households "
                                      "WHERE county_code = '653131' ORDER BY household_id LIMIT 1")
        household_id = f"{village['village_code']}{random.randrange(9000, 10000)}"
        while await conn.fetchval("SELECT 1 FROM monitor.households WHERE household_id = $1", household_id):
            household_id = f"{village['village_code']}{random.randrange(9000, 10000)}"
        county = village["county_code"]
        people = {
            "eighteen": (with_check(f"{county}18970512013"), "阿依古丽·托合提", "F", date(1897, 5, 12)),
            "fifteen_kafka": (with_check(f"{county}18991130998"), "买买提·吐尔逊", "F", date(1899, 11, 30)),
            "fifteen_http": (with_check(f"{county}18960207997"), "艾则孜·阿不都", "M", date(1896, 2, 7)),
            "fifteen_file": (with_check(f"{county}18980101999"), "吐尔洪·热合曼", "M", date(1898, 1, 1)),
            "moved_in": (with_check("41152819851224004"), "王秀英", "F", date(1985, 12, 24)),
        }
        await conn.execute("INSERT INTO monitor.households (household_id, county_code, township_code, village_code, "
                           "category, members, income_per_capita_yuan, income_year) "
                           "VALUES ($1, $2, $3, $4, 'formerly_poor', $5, 7000, 2025)", household_id, county,
                           village["township_code"], village["village_code"], len(people))
        await conn.executemany("INSERT INTO monitor.persons (resident_id, household_id, name, gender, birth_date, "
                               "relation, able_to_work, main_earner) VALUES ($1, $2, $3, $4, $5, $6, false, false)",
                               [(rid, household_id, name, g, born, "head" if key == "eighteen" else "parent")
                                for key, (rid, name, g, born) in people.items()])
        await rebuild_match_keys(conn)
    finally:
        await conn.close()
    USED.add(household_id)  # no other test picks these people
    return {key: {"resident_id": rid, "name": name, "gender": g, "birth_date": born,
                  "village_code": village["village_code"], "household_id": household_id}
            for key, (rid, name, g, born) in people.items()}


def fifteen(resident_id: str) -> str:
    """The 15-digit form: no century, no check character."""
    return resident_id[:6] + resident_id[8:17]


# --- people born before 1900 -----------------------------------------------------------------

async def test_an_event_about_a_person_born_before_1900_with_an_18_digit_id_is_linked_not_dead_lettered(
        system, db, elders):
    event = ev.housing(ev.person(elders["eighteen"]), "D")
    await publish(system, "housing", as_bytes(event))
    await processed(db, event.id)
    assert await link_method(db, event.id) == "exact"
    alert = (await system.reader.wait_for(topics.ALERTS, lambda v: v["subject"] == elders["eighteen"]["household_id"]))
    assert alert[0]["data"]["level"] == "red"


async def test_an_event_with_the_15_digit_id_of_a_person_over_100_links_to_the_18xx_registry_person(system, db, elders):
    elder = elders["fifteen_kafka"]
    event = ev.job_lost(ev.person({**elder, "resident_id": fifteen(elder["resident_id"])}))
    await publish(system, "employment", as_bytes(event))
    await processed(db, event.id)
    assert await link_method(db, event.id) == "normalised"
    assert await db.fetchval("SELECT resident_id FROM monitor.household_events WHERE event_id = $1",
                             event.id) == elder["resident_id"]
    assert not await db.fetchval("SELECT count(*) FROM monitor.dead_letters WHERE reason LIKE '%birth_date%'")


async def test_a_department_post_and_a_self_report_about_a_person_born_before_1900_are_accepted_and_linked(
        system, db, elders):
    elder = elders["fifteen_http"]
    event = ev.dropout(ev.person({**elder, "resident_id": fifteen(elder["resident_id"])}))
    report = {"person": {"resident_id": fifteen(elder["resident_id"]), "name": elder["name"],
                         "birth_date": elder["birth_date"].isoformat()},
              "risk_type": "illness", "description": "老人长期卧病，医疗支出大", "reported_on": "2026-10-20"}
    async with httpx.AsyncClient(timeout=10) as http:
        posted = await http.post(system.url("education", "/v1/events"), content=as_bytes(event),
                                 headers={**system.department_headers("education"),
                                          "Content-Type": "application/json"})
        reported = await http.post(system.url("monitor", "/v1/self-reports"), json=report,
                                   headers=operator_headers(system))
    assert posted.status_code == 202, posted.text
    assert reported.status_code == 202, reported.text
    for event_id in (event.id, reported.json()["event_id"]):
        await processed(db, event_id)
        assert await link_method(db, event_id) == "normalised"


async def test_a_file_row_with_the_15_digit_id_of_a_person_over_100_is_imported_and_linked(system, db, elders,
                                                                                           tmp_path):
    elder = elders["fifteen_file"]
    path = tmp_path / "appraisals.csv"
    appraisal = f"JD-ELDER-{random.randrange(10**8)}"
    write_table(path, ["户主身份证号", "户主姓名", "村代码", "鉴定编号", "鉴定日期", "鉴定等级"],
                [[fifteen(elder["resident_id"]), elder["name"], elder["village_code"], appraisal, "2026-10-12", "C级"]])
    [event_id] = await good_ids("housing", path)
    out = import_cli(system, "housing", path)
    assert out.returncode == 0 and "published 1 ·" in out.stdout, out.stdout + out.stderr
    await processed(db, event_id)
    assert await link_method(db, event_id) == "normalised"  # the file's 15-digit ID, as typed
    assert await db.fetchval("SELECT resident_id FROM monitor.household_events WHERE event_id = $1",
                             event_id) == elder["resident_id"]


async def test_a_registered_person_with_an_id_issued_elsewhere_links_normally(system, db, elders):
    event = ev.job_started(ev.person(elders["moved_in"]))
    await publish(system, "employment", as_bytes(event))
    await processed(db, event.id)
    assert await link_method(db, event.id) == "exact"
    assert not await db.fetchval("SELECT count(*) FROM monitor.unmatched_events WHERE event_id = $1", event.id)


# --- characters that are not a digit, X or separator ----------------------------------------

async def dead_letter_reason(system, event_id: str) -> str:
    def about(v: dict) -> bool:
        return event_id in base64.b64decode(v["data"]["original_value_base64"]).decode("utf-8", "replace")
    return (await system.reader.wait_for(topics.DEADLETTER, about))[0]["data"]["reason"]


def spoiled(resident_id: str, char: str, at: int = 10) -> str:
    return resident_id[:at] + char + resident_id[at:]


async def test_an_emoji_inside_a_registry_persons_id_is_not_linked_by_that_id(system, db):
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person({**row, "resident_id": spoiled(row["resident_id"], "\U0001F600")}), "C")
    await publish(system, "housing", as_bytes(event))
    await processed(db, event.id)
    # The matcher gets it as an invalid ID refused for its character: no evidence, compared as if
    # the record had none. Name, gender, birth date and village still find the person.
    assert await link_method(db, event.id) == "probabilistic"
    fields = await db.fetchval("SELECT link_fields::text FROM monitor.household_events WHERE event_id = $1", event.id)
    assert "resident_id" not in fields and "birth_date=exact" in fields, fields


@pytest.mark.parametrize("char", ["\U0001F600", "\u200b", "\x07", "."])
async def test_a_forbidden_character_in_an_id_nobody_else_matches_is_dead_lettered_with_its_reason(system, db, char):
    row = await pick(db, "p.relation = 'head'")
    outsider = {**row, "resident_id": spoiled(row["resident_id"], char, 6), "name": "外来务工人员丁",
                "birth_date": date(1971, 7, 7), "village_code": None}
    event = ev.housing(ev.person(outsider), "D")
    await publish(system, "housing", as_bytes(event))
    reason = await dead_letter_reason(system, event.id)
    assert "invalid resident_id (bad_character)" in reason and f"U+{ord(char):04X}" in reason, reason
    assert row["resident_id"] not in reason
    assert await link_method(db, event.id) is None


async def test_a_department_post_with_a_zero_width_space_in_the_id_is_refused_not_repaired(system, db):
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person({**row, "resident_id": spoiled(row["resident_id"], "\u200b")}), "C")
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.post(system.url("housing", "/v1/events"), content=as_bytes(event),
                                 headers={**system.department_headers("housing"), "Content-Type": "application/json"})
    assert answer.status_code == 422
    error = answer.json()["errors"][0]["errors"][0]
    assert error["loc"] == ["data", "person", "resident_id"] and "U+200B" in error["msg"]
    assert row["resident_id"] not in answer.text
    assert not await db.fetchval("SELECT count(*) FROM housing.published_events WHERE event_id = $1", event.id)


# --- the region ------------------------------------------------------------------------------

async def unmatched_reason(system, event_id: str) -> str:
    found = await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event_id)
    return found[0]["data"]["reason"]


async def test_a_valid_id_from_outside_the_region_is_held_as_outside_the_monitored_region(system, db):
    row = await pick(db)
    migrants = [with_check(f"{county}19860514{n:03d}") for county, n in (("411528", 231), ("650102", 118))]
    sent = [ev.housing(ev.person({**row, "resident_id": rid, "name": "外来务工人员戊", "birth_date": date(1986, 5, 14),
                                  "village_code": None}), "C") for rid in migrants]
    await publish(system, "housing", *map(as_bytes, sent))
    for event, rid in zip(sent, migrants):
        reason = await unmatched_reason(system, event.id)
        assert reason.startswith("outside the monitored region (outside_region)") and rid not in reason, reason
        assert await db.fetchval("SELECT reason FROM monitor.unmatched_events WHERE event_id = $1", event.id) == reason
        county = (await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id))[0]
        assert county["data"]["county_code"] == rid[:6]


async def test_a_valid_id_of_the_region_that_nobody_holds_is_held_as_not_in_the_registry_and_counted_apart(
        system, db):
    row = await pick(db)
    taken = {r["resident_id"] for r in await db.fetch("SELECT resident_id FROM monitor.persons WHERE resident_id "
                                                      "LIKE '65312119860514%'")}
    rid = next(r for n in range(1000) if (r := with_check(f"65312119860514{n:03d}")) not in taken)
    local = ev.housing(ev.person({**row, "resident_id": rid, "name": "外来务工人员己", "birth_date": date(1986, 5, 14),
                                  "village_code": None}), "C")
    migrant = ev.housing(ev.person({**row, "resident_id": with_check("11010119700101321"), "name": "外来务工人员庚",
                                    "birth_date": date(1970, 1, 1), "village_code": None}), "C")
    before = await collect(system.dsn)
    await publish(system, "housing", as_bytes(local), as_bytes(migrant))
    reason = await unmatched_reason(system, local.id)
    assert reason == "resident ID is valid but not in the household registry"
    assert (await unmatched_reason(system, migrant.id)).startswith("outside the monitored region")
    after = await collect(system.dsn)
    held = {k: {r["kind"]: r["n"] for r in d["held"]} for k, d in (("before", before), ("after", after))}
    assert held["after"].get("outside_region", 0) - held["before"].get("outside_region", 0) == 1
    assert held["after"].get("not_in_registry", 0) - held["before"].get("not_in_registry", 0) == 1
    async with httpx.AsyncClient(timeout=10) as http:
        for _ in range(50):  # the metrics are observed after the batch commits
            text = (await http.get(system.url("monitor", "/metrics/"))).text
            if 'monitor_held_total{kind="outside_region"}' in text and \
                    'monitor_held_total{kind="not_in_registry"}' in text:
                break
            await asyncio.sleep(0.1)
    samples = {line.split()[0]: float(line.split()[1]) for line in text.splitlines() if line.startswith("monitor_held")}
    assert samples['monitor_held_total{kind="outside_region"}'] >= 1
    assert samples['monitor_held_total{kind="not_in_registry"}'] >= 1
