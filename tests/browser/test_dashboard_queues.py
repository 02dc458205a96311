"""The operators' queues: a held event decided beside its registry candidate (review page), a
refused record seen with its reason and re-driven (dead letters page)."""
import json
import uuid

from playwright.async_api import expect

from shared import topics
from tests.browser.conftest import screenshot, sign_in
from tests.integration import events as ev
from tests.integration.cases import eventually, operator_name
from tests.integration.test_end_to_end import as_bytes, for_household, pick, publish
from tests.integration.test_review_queue import _outsider

REASON = "身份证号一致，核实为同一人（性别录入错误）"


async def test_a_held_event_is_accepted_beside_its_candidate_and_its_household_gets_the_alert(page, token, system, db,
                                                                                              shots):
    row = await pick(db, "p.relation = 'head'")
    # The registry's resident ID on another name, gender and birth date: held (id_contradicted), the head a candidate.
    sent = dict(_outsider(row), resident_id=row["resident_id"], gender="F" if row["gender"] == "M" else "M")
    event = ev.housing(ev.person(sent), "D")
    await publish(system, "housing", as_bytes(event))
    await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id)

    await sign_in(page, token)
    await page.get_by_test_id("nav-review").click()
    held = page.locator(f'[data-testid=held][data-event-id="{event.id}"]')
    await expect(held).to_have_count(1)
    candidate = held.locator(f'[data-testid=candidate][data-resident-id="{row["resident_id"]}"]')
    await expect(candidate).to_have_count(1)
    gender = held.locator('td[data-testid=cmp][data-field="gender"]')
    await expect(gender.first).to_have_class("differs")
    await expect(gender.first).to_contain_text(row["gender"])
    await expect(held.locator('td[data-testid=cmp][data-field="resident_id"]').first).to_have_class("same")
    await expect(held.locator('tr[data-field="gender"] [data-testid=sent]')).to_have_text(sent["gender"])
    assert await gender.first.evaluate("td => getComputedStyle(td).backgroundColor") != "rgba(0, 0, 0, 0)"
    await screenshot(page, shots, "review.png")

    await held.get_by_test_id("accept").click()  # no candidate picked: the browser asks for the reason first
    await held.get_by_test_id("accept-reason").fill(REASON)
    await held.get_by_test_id("accept").click()  # still no candidate: refused with a message, nothing linked
    await expect(page.get_by_test_id("flash")).to_have_attribute("data-kind", "error")
    assert await db.fetchval("SELECT status FROM monitor.unmatched_events WHERE event_id = $1", event.id) == "open"

    await candidate.get_by_test_id("pick").check()
    await held.get_by_test_id("accept-reason").fill(REASON)
    await held.get_by_test_id("accept").click()
    flash = page.get_by_test_id("flash")
    await expect(flash).to_have_attribute("data-kind", "ok")
    await expect(flash).to_contain_text(f"{event.id} → {row['resident_id']} · 1 / 1")
    await expect(held).to_have_count(0)  # it left the queue
    assert page.url.endswith("/dashboard/review")  # post/redirect/get
    await page.reload()
    await expect(page.get_by_test_id("flash")).to_have_count(0)  # shown once
    decided = await db.fetchrow("SELECT status, decided_by, decision_reason, linked_resident_id "
                                "FROM monitor.unmatched_events WHERE event_id = $1", event.id)
    assert dict(decided) == {"status": "linked", "decided_by": operator_name(system), "decision_reason": REASON,
                             "linked_resident_id": row["resident_id"]}
    alert = (await system.reader.wait_for(topics.ALERTS, for_household(row["household_id"])))[0]["data"]
    assert alert["link"]["method"] == "manual"
    await page.goto(f"/dashboard/households/{row['household_id']}")
    await expect(page.locator('[data-testid=timeline-entry][data-kind="alert"]')).to_have_count(1)


async def test_an_accept_of_a_decided_event_shows_the_use_cases_refusal(page, token, system, db):
    row = await pick(db, "p.relation = 'head'")
    event = ev.housing(ev.person(dict(_outsider(row), resident_id=row["resident_id"])), "D")
    await publish(system, "housing", as_bytes(event))
    await system.reader.wait_for(topics.UNMATCHED, lambda v: v["data"]["event_id"] == event.id)
    await sign_in(page, token)
    await page.goto("/dashboard/review")
    held = page.locator(f'[data-testid=held][data-event-id="{event.id}"]')
    await held.get_by_test_id("reject-reason").fill("不是本地居民")
    await held.get_by_test_id("reject").click()
    await expect(page.get_by_test_id("flash")).to_have_attribute("data-kind", "ok")
    await expect(held).to_have_count(0)
    # A second tab still showing it: the use case refuses (ReviewConflict), the page says why.
    answer = await page.request.post(f"/dashboard/review/{event.id}/reject", form={"reason": "again"}, max_redirects=0)
    assert answer.status == 303
    await page.goto("/dashboard/review")
    await expect(page.get_by_test_id("flash")).to_have_attribute("data-kind", "error")
    await expect(page.get_by_test_id("flash")).to_contain_text("操作被拒绝")
    assert await db.fetchval("SELECT decision_reason FROM monitor.unmatched_events WHERE event_id = $1",
                             event.id) == "不是本地居民"
    await page.goto("/dashboard/review?lang=en")
    await expect(page.get_by_test_id("nav-review")).to_have_text("Review queue")
    await expect(page.get_by_test_id("nav-dead-letters")).to_have_text("Dead letters")


async def test_a_dead_letter_is_seen_with_its_reason_and_re_driven(page, token, system, db, shots):
    row = await pick(db, "p.relation = 'head'")
    future = dict(json.loads(as_bytes(ev.housing(ev.person(row), "D"))), id=str(uuid.uuid4()),
                  time="2999-01-01T00:00:00+08:00")
    await publish(system, "housing", json.dumps(future).encode())
    find = ("SELECT id, reason, source_topic, partition, \"offset\" FROM monitor.dead_letters "
            "WHERE convert_from(original_value, 'UTF8') LIKE '%' || $1 || '%' ORDER BY id")
    assert await eventually(db, f"SELECT count(*) = 1 FROM ({find}) d", future["id"])
    first = await db.fetchrow(find, future["id"])
    assert "future" in first["reason"]

    await sign_in(page, token)
    await page.get_by_test_id("nav-dead-letters").click()
    dead = page.locator(f'[data-testid=dead-letter][data-id="{first["id"]}"]')
    await expect(dead.get_by_test_id("reason")).to_have_text(first["reason"])
    await expect(dead.get_by_test_id("where")).to_have_text(
        f"{first['source_topic']}[{first['partition']}]@{first['offset']}")
    count = page.locator("[data-testid=reason-count]").filter(has=page.locator(f'td:text-is("{first["reason"]}")'))
    await expect(count.get_by_test_id("waiting")).not_to_have_text("0")
    await screenshot(page, shots, "dead_letters.png")

    await dead.get_by_test_id("redrive-one").click()
    await expect(page.get_by_test_id("flash")).to_have_attribute("data-kind", "ok")
    await expect(page.get_by_test_id("flash")).to_contain_text(f"1: {first['id']}")
    await expect(dead).to_have_count(0)
    audit = await db.fetchrow("SELECT r.operator, d.redrive_id FROM monitor.dead_letters d "
                              "JOIN monitor.redrives r ON r.id = d.redrive_id WHERE d.id = $1", first["id"])
    assert audit["operator"] == operator_name(system)
    # Nothing was fixed: the monitor consumes the re-sent record and dead-letters it again, at its new offset.
    assert await eventually(db, f"SELECT count(*) = 2 FROM ({find}) d", future["id"])
    again = (await db.fetch(find, future["id"]))[1]
    assert again["reason"] == first["reason"] and again["offset"] > first["offset"]
    await page.reload()
    await expect(page.locator(f'[data-testid=dead-letter][data-id="{again["id"]}"]')).to_have_count(1)
