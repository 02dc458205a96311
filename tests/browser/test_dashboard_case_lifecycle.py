"""An operator follows a case from the household page: verify, confirm with a category, assist; the
page refuses what the lifecycle refuses (confirming without a category, eliminating a risk whose
housing hazard is still open, a one-letter reason) with the reasons, and records who decided."""
from playwright.async_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.events_posted import post_housing_grade_d, wait_alert_row


async def _move(page, case, to: str, reason: str, category: str = "") -> None:
    await case.get_by_test_id("move-to").select_option(to)
    await case.get_by_test_id("move-category").select_option(category)
    await case.get_by_test_id("move-reason").fill(reason)
    await case.get_by_test_id("move-submit").click()


async def test_an_operator_moves_a_case_along_its_lifecycle_and_sees_refusals(page, token, system, db, shots):
    row = await post_housing_grade_d(system, db)
    household = row["household_id"]
    await wait_alert_row(db, household)
    alert_id = await db.fetchval("SELECT alert_id FROM monitor.alerts WHERE household_id = $1", household)
    await sign_in(page, token)
    await page.goto(f"/dashboard/households/{household}")
    case = page.locator(f'[data-testid=case][data-alert="{alert_id}"]')
    await expect(case).to_have_attribute("data-status", "raised")
    assert await case.get_by_test_id("move-to").locator("option").evaluate_all(
        "os => os.map(o => o.value)") == ["verifying", "dismissed"]

    await _move(page, case, "verifying", "入户核实：住房鉴定为D级")
    await expect(page.get_by_test_id("moved")).to_contain_text("核实中")
    await expect(case).to_have_attribute("data-status", "verifying")

    await _move(page, case, "confirmed", "核实属实")  # no category: the lifecycle refuses
    await expect(case.get_by_test_id("refused")).to_contain_text("纳入监测对象须注明类别")
    await expect(case).to_have_attribute("data-status", "verifying")

    await _move(page, case, "confirmed", "核实属实，纳入监测", "sudden_hardship")
    await expect(case).to_have_attribute("data-status", "confirmed")
    await expect(case.get_by_test_id("case-status")).to_contain_text("突发严重困难户")
    await _move(page, case, "assisted", "危房改造已安排")
    await expect(case).to_have_attribute("data-status", "assisted")

    await _move(page, case, "risk_eliminated", "申请风险消除")  # the D-grade house is still a hazard
    refused = case.get_by_test_id("refused")
    await expect(refused).to_contain_text("触发风险因素尚未消除")
    await expect(case).to_have_attribute("data-status", "assisted")
    await screenshot(page, shots, "case_lifecycle.png")

    short = await page.request.post(f"/dashboard/households/{household}/alerts/{alert_id}/transition",
                                    form={"to": "risk_eliminated", "reason": "x"}, max_redirects=0)
    assert short.status == 409 and "原因至少两个字" in await short.text()
    elsewhere = await page.request.post(f"/dashboard/households/{household}/alerts/"
                                        "00000000-0000-0000-0000-000000000000/transition",
                                        form={"to": "verifying", "reason": "不存在的预警"}, max_redirects=0)
    assert elsewhere.status == 409 and "没有此预警" in await elsewhere.text()

    moves = await db.fetch("SELECT from_status, to_status, actor, reason FROM monitor.alert_transitions "
                           "WHERE alert_id = $1 ORDER BY at", alert_id)
    assert [(m["from_status"], m["to_status"]) for m in moves] == [
        ("raised", "verifying"), ("verifying", "confirmed"), ("confirmed", "assisted")]
    signed_in_as = (await page.get_by_test_id("operator").inner_text()).split(": ")[-1]
    assert {m["actor"] for m in moves} == {signed_in_as}
    assert moves[1]["reason"] == "核实属实，纳入监测"
    assert await db.fetchval("SELECT category FROM monitor.alerts WHERE alert_id = $1", alert_id) == "sudden_hardship"
