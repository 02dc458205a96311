"""The system page (系统运行): after an event is posted and the monitor has committed it, the page
shows the monitor group's lag per partition of that department's topic (none left), the minute's
processed events, the monitor's outbox backlog and the last 24 hours' dead letters, in Chinese and
in English."""
from playwright.async_api import expect

from services.monitor.consumer import GROUP_ID
from shared import topics
from tests.browser.conftest import screenshot, sign_in
from tests.browser.events_posted import post_housing_grade_d, wait_alert_row


async def test_the_system_page_shows_the_monitor_groups_lag_per_partition_and_recent_throughput(page, token, system,
                                                                                               db, shots):
    row = await post_housing_grade_d(system, db)
    await wait_alert_row(db, row["household_id"])
    await system.wait_consumed(topics.group(GROUP_ID), [topics.events_topic("housing")])
    await sign_in(page, token)
    await page.get_by_test_id("nav-system").click()
    assert page.url.endswith("/dashboard/system")

    monitor_rows = page.locator(f'[data-testid=lag-row][data-group="{topics.group(GROUP_ID)}"]'
                                f'[data-topic="{topics.events_topic("housing")}"]')
    await expect(monitor_rows.first).to_be_visible()
    partitions = {int(await r.get_attribute("data-partition")) for r in await monitor_rows.all()}
    assert partitions and all(p >= 0 for p in partitions)
    assert [int(await r.get_attribute("data-lag")) for r in await monitor_rows.all()] == [0] * len(partitions)
    await expect(page.locator(f'[data-testid=lag-total][data-group="{topics.group(GROUP_ID)}"]')).to_have_count(1)

    await page.wait_for_function("window.chartFinished === true")
    drawn = await page.evaluate("() => echarts.getInstanceByDom(document.getElementById('events-chart'))"
                                ".getOption().series[0].data")
    assert len(drawn) == 15 and sum(drawn) >= 1, drawn  # the posted event was processed within the window
    assert int(await page.get_by_test_id("outbox-pending").inner_text()) >= 0
    assert int(await page.get_by_test_id("dead-letters-total").inner_text()) >= 0
    await expect(page.get_by_test_id("nav-system")).to_have_text("系统运行")
    await screenshot(page, shots, "system.png")

    await page.get_by_test_id("lang-switch").click()
    await expect(page.locator("h1")).to_have_text("System")
    await expect(page.get_by_test_id("lag")).to_contain_text("Lag (records)")
