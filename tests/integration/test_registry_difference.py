"""A newer export applied to the registry as a difference (issue 10, part 3): births, deaths, a split
taking a factor and an open task along, a merge, income and category changes, households that
disappear, all recorded as registry history and in both households' timelines; a dry run changes
nothing and the same export again is a no-op. Synthetic people only (valid GB 11643-1999 IDs)."""
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

import asyncpg
import pytest
from stdnum.cn import ric

from services.monitor import db_timeline
from services.monitor.matching.keys import rebuild_match_keys
from services.monitor.policy import load_policy
from services.monitor.records import InboundRecord
from services.monitor.batch import process_batch
from services.monitor.registry.difference import apply_difference
from services.monitor.registry.load import copy_registry
from services.monitor.registry.rows import Household, Person
from services.monitor.store import PgStore
from shared import topics
from shared.contracts.types import Person as EventPerson
from tests.integration import events as ev

POLICY = load_policy()
VILLAGE, OTHER_VILLAGE = "653101101201", "653121100201"  # Kashgar city; another county (疏附)
TZ = ev.TZ


class ExportPerson(NamedTuple):
    """An export's member row with more of the agreed fields than rows.Person (issue10_common)."""

    resident_id: str
    household_id: str
    name: str
    gender: str
    birth_date: date
    relation: str
    able_to_work: bool
    main_earner: bool
    schooling_status: str | None = None
    health_status: str | None = None
    deceased_on: date | None = None


def rid(birth: date, seq: int, gender: str, county: str = "653101") -> str:
    first17 = f"{county}{birth:%Y%m%d}{seq:02d}{1 if gender == 'M' else 2}"  # 17th digit odd for a man
    return first17 + ric.calc_check_digit(first17 + "0")


def hid(seq: int, village: str = VILLAGE) -> str:
    return f"{village}{seq:04d}"


def member(name: str, gender: str, born: date, relation: str, seq: int, county: str = "653101") -> dict:
    return dict(resident_id=rid(born, seq, gender, county), name=name, gender=gender, birth_date=born,
                relation=relation, able_to_work=relation in ("head", "spouse"), main_earner=relation == "head")


PEOPLE = {
    "A": member("艾力·吐尔逊", "M", date(1975, 3, 2), "head", 11),
    "B": member("古丽·艾力", "F", date(1977, 6, 9), "spouse", 12),
    "C": member("买买提·艾力", "M", date(2015, 3, 1), "child", 13),  # drops out of school, then moves
    "D": member("阿依古丽·艾力", "F", date(2001, 8, 20), "child", 14),
    "E": member("王建国", "M", date(1980, 1, 5), "head", 21),
    "F": member("李秀兰", "F", date(1982, 2, 7), "spouse", 22),
    "G": member("王小明", "M", date(2026, 5, 1), "child", 23),  # born after the first export
    "I": member("热合曼·买买提", "M", date(1960, 4, 4), "head", 31),
    "J": member("买买提·热合曼", "M", date(1935, 5, 5), "parent", 32),  # no longer listed
    "K": member("吐尔逊·阿不都", "M", date(1950, 7, 7), "head", 41),  # the export gives his death
    "W": member("帕提古丽·吐尔逊", "F", date(1952, 9, 9), "spouse", 42),
    "L": member("阿孜古丽·吾守尔", "F", date(1990, 10, 10), "head", 51),  # marries into household 6
    "M": member("努尔买买提·阿西木", "M", date(1988, 11, 11), "head", 61),
    "N": member("司马义·依明", "M", date(1970, 12, 12), "head", 71),  # household 7 disappears
    "O": member("玉素甫·卡德尔", "M", date(1965, 1, 15), "head", 81, county="653121"),
}


def household(seq: int, income: str, members: list[tuple[str, str]], *, category: str = "formerly_poor",
              village: str = VILLAGE, person=Person, **extra) -> Household:
    """members: (key in PEOPLE, relation) pairs; `extra`: fields of ExportPerson by key, e.g. {"K": {...}}."""
    h = hid(seq, village)
    persons = tuple(person(**{**PEOPLE[key], "relation": relation, "household_id": h, **extra.get(key, {})})
                    for key, relation in members)
    return Household(h, village[:6], village[:9], village, category, len(persons), Decimal(income), 2025, persons)


FIRST = [
    household(1, "7000.00", [("A", "head"), ("B", "spouse"), ("C", "child"), ("D", "child")]),
    household(2, "9000.00", [("E", "head"), ("F", "spouse")]),
    household(3, "6500.50", [("I", "head"), ("J", "parent")]),
    household(4, "8200.00", [("K", "head"), ("W", "spouse")]),
    household(5, "9100.00", [("L", "head")], category="general"),
    household(6, "9900.00", [("M", "head")], category="general"),
    household(7, "5000.00", [("N", "head")]),
    household(8, "7700.00", [("O", "head")], village=OTHER_VILLAGE),
]


def second_export() -> list[Household]:
    """Household 1 splits (C and D found household 9), 2 has a birth and a lower income, 3 no longer
    lists J, 4 gives K's death, 5 merges into 6 (L marries M), 7 disappears; the export covers
    Kashgar city only (household 8 is in another county)."""
    e = dict(person=ExportPerson)
    return [
        household(1, "7000.00", [("A", "head"), ("B", "spouse")], **e),
        household(2, "7500.00", [("E", "head"), ("F", "spouse"), ("G", "child")], F={"health_status": "disabled"},
                  **e),
        household(3, "6500.50", [("I", "head")], **e),
        household(4, "8200.00", [("K", "head"), ("W", "spouse")], K={"deceased_on": date(2026, 9, 1)}, **e),
        household(6, "9900.00", [("M", "head"), ("L", "spouse")], category="marginal", **e),
        household(9, "6000.00", [("D", "head"), ("C", "sibling")], **e),
    ]


@pytest.fixture
async def registry(empty_registry):
    """A database of its own with the first export loaded by the COPY loader."""
    await copy_registry(empty_registry, FIRST, progress=False)
    conn = await asyncpg.connect(empty_registry)
    try:
        yield conn
    finally:
        await conn.close()


def event_person(key: str, village: str = VILLAGE) -> EventPerson:
    p = PEOPLE[key]
    return EventPerson(resident_id=p["resident_id"], name=p["name"], birth_date=p["birth_date"], gender=p["gender"],
                       village_code=village)


async def raise_cases(conn: asyncpg.Connection) -> None:
    """Through the monitor's batch core: C drops out of school (factor dropout, an alert and the
    education department's task in household 1), household 1's and household 7's houses are unsafe."""
    when = datetime.now(TZ).replace(microsecond=0) - timedelta(days=1)
    events = [ev.dropout(event_person("C"), when), ev.housing(event_person("A"), "D", when),
              ev.housing(event_person("N"), "D", when)]
    records = [InboundRecord(topics.events_topic(e.source.rsplit("/", 1)[-1]), 0, i, b"k",
                             e.model_dump_json().encode()) for i, e in enumerate(events)]
    async with conn.transaction():
        result = await process_batch(PgStore(conn), records, POLICY, "test-secret")
    assert result.counts["linked"] == 3 and result.counts["alerts"] == 2


async def apply(conn, households, *, dry_run=False, export_name="2026-10 export"):
    async with conn.transaction():
        return await apply_difference(conn, households, export_name=export_name, dry_run=dry_run)


async def snapshot(conn) -> dict:
    tables = ("households", "persons", "factors", "tasks", "alerts", "registry_history", "match_keys")
    return {t: sorted(map(tuple, await conn.fetch(f"SELECT * FROM monitor.{t}"))) for t in tables}


async def test_a_second_export_is_applied_as_a_difference_with_its_history(registry):
    conn = registry
    await raise_cases(conn)
    before = await snapshot(conn)

    planned = await apply(conn, second_export(), dry_run=True)
    assert await snapshot(conn) == before  # a dry run changes nothing
    summary = await apply(conn, second_export())
    assert summary == planned
    assert summary.line() == ("households_added=1 households_left=2 members_added=1 members_removed=2 "
                              "members_moved=3 households_changed=5")
    assert (summary.members_changed, summary.income_changed) == (1, 1)

    kinds = [(r["household_id"][-4:], r["kind"], r["resident_id"]) for r in await conn.fetch(
        "SELECT household_id, kind, resident_id FROM monitor.registry_history")]
    rid_of = {p["resident_id"]: key for key, p in PEOPLE.items()}
    assert sorted((h, kind, rid_of.get(r) or "") for h, kind, r in kinds) == [
        ("0001", "household_changed", ""), ("0001", "member_moved_out", "C"), ("0001", "member_moved_out", "D"),
        ("0002", "household_changed", ""), ("0002", "member_added", "G"), ("0002", "member_changed", "F"),
        ("0003", "household_changed", ""), ("0003", "member_left", "J"),
        ("0004", "member_died", "K"),
        ("0005", "household_left", ""), ("0005", "member_moved_out", "L"),
        ("0006", "household_changed", ""), ("0006", "member_moved_in", "L"),
        ("0007", "household_left", ""),
        ("0009", "household_added", ""), ("0009", "member_moved_in", "C"), ("0009", "member_moved_in", "D")]
    assert await conn.fetchval("SELECT count(DISTINCT (export_name, applied_at)) FROM monitor.registry_history") == 1

    income = await conn.fetchrow("SELECT before, after FROM monitor.registry_history "
                                 "WHERE household_id = $1 AND kind = 'household_changed'", hid(2))
    assert json.loads(income["before"]) == {"income_per_capita_yuan": 9000.00, "members": 2}
    assert json.loads(income["after"]) == {"income_per_capita_yuan": 7500.00, "members": 3}
    category = await conn.fetchrow("SELECT before, after FROM monitor.registry_history "
                                   "WHERE household_id = $1 AND kind = 'household_changed'", hid(6))
    assert (json.loads(category["before"]), json.loads(category["after"])) == (
        {"category": "general", "members": 1}, {"category": "marginal", "members": 2})
    health = await conn.fetchrow("SELECT before, after FROM monitor.registry_history WHERE kind = 'member_changed'")
    assert (json.loads(health["before"]), json.loads(health["after"])) == (
        {"health_status": None}, {"health_status": "disabled"})

    # The registry now.
    persons = {rid_of[r["resident_id"]]: r for r in await conn.fetch("SELECT * FROM monitor.persons")}
    today = (await conn.fetchval("SELECT now()")).astimezone(TZ).date()
    assert (persons["C"]["household_id"], persons["D"]["household_id"], persons["L"]["household_id"]) == (
        hid(9), hid(9), hid(6))
    assert (persons["C"]["relation"], persons["D"]["relation"], persons["L"]["relation"]) == (
        "sibling", "head", "spouse")
    assert (persons["J"]["left_on"], persons["J"]["deceased_on"]) == (today, None)
    assert (persons["K"]["left_on"], persons["K"]["deceased_on"]) == (today, date(2026, 9, 1))
    assert persons["G"]["household_id"] == hid(2) and persons["G"]["left_on"] is None
    assert persons["F"]["health_status"] == "disabled"
    assert all(persons[x]["left_on"] is None for x in "ABCDEFIWLMNO")
    left = {r["household_id"][-4:]: r["left_on"] for r in await conn.fetch(
        "SELECT household_id, left_on FROM monitor.households")}
    assert left == {"0001": None, "0002": None, "0003": None, "0004": None, "0005": today, "0006": None,
                    "0007": today, "0008": None, "0009": None}  # 0008: another county, not in this export
    assert await conn.fetchval("SELECT income_per_capita_yuan FROM monitor.households WHERE household_id = $1",
                               hid(2)) == Decimal("7500.00")


async def test_a_split_takes_the_members_factor_and_open_task_along_and_both_timelines_show_it(registry):
    conn = registry
    await raise_cases(conn)
    alerts_before = {r["alert_id"]: r["household_id"] for r in await conn.fetch("SELECT * FROM monitor.alerts")}
    task = await conn.fetchrow("SELECT * FROM monitor.tasks WHERE factor_code = 'dropout'")
    assert task["household_id"] == hid(1) and task["status"] != "completed"

    await apply(conn, second_export())

    factors = {(r["household_id"][-4:], r["code"]): (r["active"], r["resident_id"]) for r in await conn.fetch(
        "SELECT * FROM monitor.factors")}
    c, a, n = (PEOPLE[x]["resident_id"] for x in "CAN")
    assert factors[("0009", "dropout")] == (True, c)
    assert factors[("0001", "dropout")] == (False, c)  # kept on record, inactive
    assert factors[("0001", "unsafe_housing")] == (True, a)  # the head's house stays with his household
    assert factors[("0007", "unsafe_housing")] == (True, n)
    tasks = {r["task_id"]: r for r in await conn.fetch("SELECT * FROM monitor.tasks")}
    assert (tasks[task["task_id"]]["household_id"], tasks[task["task_id"]]["status"]) == (hid(9), task["status"])
    assert tasks[task["task_id"]]["alert_id"] == task["alert_id"]  # assigned under household 1's alert
    others = {(t["household_id"][-4:], t["task_type"], t["status"]) for t in tasks.values()
              if t["task_id"] != task["task_id"]}
    assert others == {("0001", "household_verification", "assigned"), ("0001", "housing_renovation", "assigned"),
                      ("0007", "household_verification", "assigned"), ("0007", "housing_renovation", "assigned")}
    # Alerts stay with the household they were raised for; household 7 left with its case open.
    assert {r["alert_id"]: r["household_id"] for r in await conn.fetch("SELECT * FROM monitor.alerts")} == alerts_before
    assert await conn.fetchval("SELECT count(*) FROM monitor.alerts WHERE household_id = $1 AND status = 'raised'",
                               hid(7)) == 1
    gone = json.loads(await conn.fetchval("SELECT after FROM monitor.registry_history "
                                          "WHERE household_id = $1 AND kind = 'household_left'", hid(7)))
    assert len(gone["open_alerts"]) == 1 and len(gone["open_tasks"]) == 2

    old, new = await db_timeline.timeline(conn, hid(1)), await db_timeline.timeline(conn, hid(9))
    out = [e["detail"] for e in old if e["kind"] == "registry" and e["detail"]["change"] == "member_moved_out"]
    into = [e["detail"] for e in new if e["kind"] == "registry" and e["detail"]["change"] == "member_moved_in"]
    assert len(out) == len(into) == 2
    moved_c = [d for d in into if d["after"]["factors"]]
    assert [d["after"] for d in moved_c] == [d["after"] for d in out if d["after"]["factors"]] and len(moved_c) == 1
    assert moved_c[0]["before"]["household_id"] == hid(1) and moved_c[0]["after"]["household_id"] == hid(9)
    # Every active factor of his goes along: his dropout, and the income below the line his event found.
    carried = {code for (h, code), (active, who) in factors.items() if h == "0009"}
    assert moved_c[0]["after"]["factors"] == sorted(carried) and "dropout" in carried
    assert moved_c[0]["after"]["tasks"] == [task["task_id"]]
    assert moved_c[0]["export_name"] == "2026-10 export"
    assert [e["kind"] for e in old][:3] == ["event", "event", "alert"]  # the events are still there
    text = json.dumps([old, new], default=str, ensure_ascii=False)
    assert not any(p["resident_id"] in text or p["name"] in text for p in PEOPLE.values())


async def test_the_same_export_again_is_a_no_op_and_the_match_keys_are_as_a_rebuild_makes_them(registry):
    conn = registry
    await raise_cases(conn)
    await apply(conn, second_export())
    after = await snapshot(conn)
    again = await apply(conn, second_export())
    assert again.line() == ("households_added=0 households_left=0 members_added=0 members_removed=0 "
                            "members_moved=0 households_changed=0")
    assert await snapshot(conn) == after
    assert await conn.fetchval("SELECT count(*) FROM monitor.match_keys WHERE resident_id = $1 AND household_id = $2",
                               PEOPLE["C"]["resident_id"], hid(9)) == 3
    refreshed = after["match_keys"]
    await rebuild_match_keys(conn)
    assert sorted(map(tuple, await conn.fetch("SELECT * FROM monitor.match_keys"))) == refreshed


async def test_a_household_listed_again_returns_and_a_known_death_is_not_undone(registry):
    conn = registry
    await apply(conn, second_export())
    # Civil affairs registered W's death meanwhile (what the CURRENT part writes from events).
    await conn.execute("UPDATE monitor.persons SET deceased_on = $2 WHERE resident_id = $1",
                       PEOPLE["W"]["resident_id"], date(2026, 10, 20))
    third = [h for h in second_export() if h.household_id != hid(3)] + [
        household(3, "6500.50", [("I", "head"), ("J", "parent")], person=ExportPerson),
        household(7, "5200.00", [("N", "head")], person=ExportPerson)]
    summary = await apply(conn, third, export_name="2026-11 export")
    # 7 returns (its changed income recorded with it), J is listed again in 3, W still listed alive.
    assert summary.line() == ("households_added=1 households_left=0 members_added=1 members_removed=0 "
                              "members_moved=0 households_changed=1")
    rows = await conn.fetch("SELECT household_id, kind, before, after FROM monitor.registry_history "
                            "WHERE export_name = '2026-11 export' ORDER BY id")
    assert [(r["household_id"][-4:], r["kind"]) for r in rows] == [
        ("0003", "household_changed"), ("0007", "household_returned"), ("0003", "member_returned")]
    assert json.loads(rows[1]["after"]) == {"income_per_capita_yuan": 5200.00, "left_on": None}
    assert json.loads(rows[2]["before"])["left_on"] is not None and json.loads(rows[2]["after"]) == {"left_on": None}
    assert await conn.fetchval("SELECT left_on FROM monitor.households WHERE household_id = $1", hid(7)) is None
    w = await conn.fetchrow("SELECT * FROM monitor.persons WHERE resident_id = $1", PEOPLE["W"]["resident_id"])
    assert (w["deceased_on"], w["left_on"]) == (date(2026, 10, 20), None)
    # Dropped by the next export, W's removal is a death (the registry knew it), not a move out.
    fourth = [h._replace(persons=h.persons[:1]) if h.household_id == hid(4) else h for h in third]
    removed = await apply(conn, fourth, export_name="2026-12 export")
    assert (removed.members_removed, removed.households_changed) == (1, 1)
    assert await conn.fetchval("SELECT kind FROM monitor.registry_history WHERE export_name = '2026-12 export'") \
        == "member_died"


async def test_an_export_with_a_resident_id_twice_applies_nothing(registry):
    conn = registry
    before = await snapshot(conn)
    bad = second_export()
    twin = bad[0].persons[0]._replace(household_id=hid(9))
    bad[-1] = bad[-1]._replace(persons=bad[-1].persons + (twin,))
    with pytest.raises(asyncpg.UniqueViolationError):
        await apply(conn, bad)
    assert await snapshot(conn) == before


async def test_a_member_under_another_household_id_than_his_households_is_refused(registry):
    conn = registry
    before = await snapshot(conn)
    bad = second_export()
    bad[1] = bad[1]._replace(persons=bad[1].persons[:1] + (bad[1].persons[1]._replace(household_id=hid(3)),))
    with pytest.raises(ValueError, match="household 2 of the export"):
        await apply(conn, bad)
    assert await snapshot(conn) == before


async def test_an_empty_export_or_one_of_another_county_leaves_no_household(registry):
    conn = registry
    before = await snapshot(conn)
    assert (await apply(conn, [])).line() == ("households_added=0 households_left=0 members_added=0 "
                                              "members_removed=0 members_moved=0 households_changed=0")
    other = await apply(conn, [household(8, "7900.00", [("O", "head")], village=OTHER_VILLAGE)])
    assert (other.households_left, other.households_changed, other.income_changed) == (0, 1, 1)
    assert await conn.fetchval("SELECT count(*) FROM monitor.households WHERE left_on IS NOT NULL") == 0
    assert len((await snapshot(conn))["registry_history"]) == len(before["registry_history"]) + 1
