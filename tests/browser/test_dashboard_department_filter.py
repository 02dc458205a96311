"""The alerts list's department filter: an alert is listed under each department it gave a task to
(the cadres' verification visits under 乡镇), the rows re-read by htmx without a reload."""
from playwright.async_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.events_posted import post_housing_grade_d, wait_alert_row

SHOWN = "rs => rs.map(r => r.dataset.alertId)"


async def _alerts_with_task_of(db, department: str) -> list[str]:
    return [r["alert_id"] for r in await db.fetch(
        "SELECT a.alert_id FROM monitor.alerts a WHERE EXISTS (SELECT 1 FROM monitor.tasks t WHERE "
        "t.alert_id = a.alert_id AND t.department = $1) ORDER BY a.raised_at DESC, a.alert_id LIMIT 200", department)]


async def test_the_department_filter_lists_the_alerts_that_gave_that_department_a_task(page, token, system, db, shots):
    household = (await post_housing_grade_d(system, db))["household_id"]
    await wait_alert_row(db, household)
    alert_id = await db.fetchval("SELECT alert_id FROM monitor.alerts WHERE household_id = $1", household)
    assert await db.fetchval("SELECT count(*) FROM monitor.tasks WHERE alert_id = $1 AND department = 'housing'",
                             alert_id) == 1
    await sign_in(page, token)
    await page.goto("/dashboard/alerts")
    own = page.locator(f'[data-testid=alert-row][data-alert-id="{alert_id}"]')
    await expect(own).to_be_visible()
    rows = page.get_by_test_id("alert-row")

    await page.get_by_test_id("filter-department").select_option("education")
    await expect(own).to_have_count(0)
    education = await _alerts_with_task_of(db, "education")
    if education:
        assert await rows.evaluate_all(SHOWN) == education
    else:
        await expect(page.get_by_test_id("no-alerts")).to_be_visible()

    await page.get_by_test_id("filter-department").select_option("housing")
    await expect(own).to_be_visible()
    assert await rows.evaluate_all(SHOWN) == await _alerts_with_task_of(db, "housing")
    await screenshot(page, shots, "alerts-by-department.png")
    assert (await page.goto("/dashboard/alerts?department=nobody")).status == 422
