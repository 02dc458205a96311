"""Sign-in with the operator token, the HttpOnly cookie, and the language switch."""
from playwright.async_api import expect

from tests.browser.conftest import screenshot, sign_in


async def test_a_page_without_the_cookie_sends_to_sign_in_and_a_wrong_token_is_refused(page, token, shots):
    await page.goto("/dashboard/alerts?level=red")
    await expect(page).to_have_url("/dashboard/signin?next=%2Fdashboard%2Falerts%3Flevel%3Dred")
    await expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    await screenshot(page, shots, "signin.png")
    await page.get_by_test_id("token").fill("not-an-operator-token-at-all")
    await page.get_by_test_id("signin-submit").click()
    await expect(page.get_by_test_id("signin-error")).to_have_text("令牌无效，请重新输入。")
    await page.get_by_test_id("token").fill(token)
    await page.get_by_test_id("signin-submit").click()
    await expect(page.get_by_test_id("alert-table")).to_be_visible()
    assert page.url.endswith("/dashboard/alerts?level=red")
    cookie = next(c for c in await page.context.cookies() if c["name"] == "relapse_operator")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert await page.evaluate("document.cookie") == ""  # not readable by scripts


async def test_english_is_kept_once_chosen_and_signing_out_ends_the_session(page, token):
    await sign_in(page, token)
    await expect(page.get_by_test_id("nav-overview")).to_have_text("一张图")
    await page.get_by_test_id("lang-switch").click()
    await expect(page.get_by_test_id("nav-overview")).to_have_text("Overview")
    await page.get_by_test_id("nav-alerts").click()
    await expect(page.locator("h1")).to_have_text("Alerts")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await page.get_by_test_id("sign-out").click()
    await page.goto("/dashboard/")
    await expect(page.get_by_test_id("signin-form")).to_be_visible()


async def test_an_unknown_household_is_404_and_an_unknown_filter_value_is_refused(page, token):
    await sign_in(page, token)
    answer = await page.goto("/dashboard/households/6531010000000000")
    assert answer.status == 404
    await expect(page.get_by_test_id("not-found")).to_be_visible()
    answer = await page.goto("/dashboard/alerts?level=purple")
    assert answer.status == 422 and "unknown colour" in await answer.text()
