"""A county-scoped operator (OPERATOR_SCOPES, issue 13) cannot open another county's household: signed in
with his token he opens his own county's household, gets 404 for another county's, and the alerts page,
its county filter and the overview's county board show his county only."""
from playwright.async_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.events_posted import post_housing_grade_d, wait_alert_row
from tests.integration.cases import SCOPED_COUNTY

OTHER_COUNTY = "653121"  # 疏附县


async def test_county_scoped_operator_cannot_open_another_county_s_household(page, scoped_token, system, db, shots):
    own = (await post_housing_grade_d(system, db, "h.county_code = $2", SCOPED_COUNTY))["household_id"]
    other = (await post_housing_grade_d(system, db, "h.county_code = $2", OTHER_COUNTY))["household_id"]
    await wait_alert_row(db, own)
    await wait_alert_row(db, other)
    await sign_in(page, scoped_token)

    opened = await page.goto(f"/dashboard/households/{own}")
    assert opened.status == 200
    await expect(page.get_by_test_id("household-title")).to_contain_text("喀什市")
    await expect(page.get_by_test_id("case")).to_have_count(1)

    hidden = await page.goto(f"/dashboard/households/{other}")
    assert hidden.status == 404
    await expect(page.get_by_test_id("not-found")).to_be_visible()
    await expect(page.get_by_test_id("household-title")).to_have_count(0)

    await page.goto("/dashboard/alerts")
    rows = page.get_by_test_id("alert-row")
    await expect(rows.first).to_be_visible()
    assert set(await rows.evaluate_all("rs => rs.map(r => r.dataset.county)")) == {SCOPED_COUNTY}
    assert await page.locator(f'[data-testid=household-link]:text-is("{own}")').count() == 1
    assert await page.locator(f'[data-testid=household-link]:text-is("{other}")').count() == 0
    assert await page.get_by_test_id("filter-county").locator("option").evaluate_all(
        "os => os.map(o => o.value)") == ["", SCOPED_COUNTY]
    await screenshot(page, shots, "alerts-county-scoped.png")
    refused = await page.goto(f"/dashboard/alerts?county={OTHER_COUNTY}")
    assert refused.status == 422

    await page.goto("/dashboard/")
    await expect(page.get_by_test_id(f"county-{SCOPED_COUNTY}")).to_be_visible()
    await expect(page.get_by_test_id(f"county-{OTHER_COUNTY}")).to_have_count(0)
