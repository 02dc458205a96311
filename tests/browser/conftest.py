"""Browser tests: Playwright for Python driving Debian's chromium (deploy/install.sh installs it;
Playwright's own browser download cannot be reached) against the real system of
tests/integration/fixtures.py (monitor and departments on real Kafka and PostgreSQL), the same instance
the integration tests use (tests/conftest.py registers it for the whole suite).

Screenshots of each page go to $SCREENSHOTS_DIR (`make screenshots`: .local/screenshots/), else
to the test's tmp dir."""
import os
import shutil
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from tests.integration.cases import operator_headers, scoped_token as scoped_token_of

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
async def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"chromium not found at {CHROMIUM}: run `make install` (deploy/install.sh installs Debian's "
                    "chromium) or set CHROMIUM_PATH", pytrace=False)
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser, system):
    """A fresh context (no cookies) on the monitor's address; JavaScript errors fail the test."""
    context = await browser.new_context(base_url=system.url("monitor", ""), locale="zh-CN",
                                        viewport={"width": 1280, "height": 900})
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    await context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def token(system) -> str:
    return operator_headers(system)["Authorization"].removeprefix("Bearer ")


@pytest.fixture
def scoped_token(system) -> str:
    """The token of the county-scoped test operator (tests/integration/cases.py SCOPED_OPERATOR)."""
    return scoped_token_of(system)


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where this run writes its screenshots."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def sign_in(page, token: str) -> None:
    await page.goto("/dashboard/")
    await page.get_by_test_id("token").fill(token)
    await page.get_by_test_id("signin-submit").click()
    await page.get_by_test_id("operator").wait_for()


async def screenshot(page, shots: Path, name: str) -> None:
    await page.screenshot(path=str(shots / name), full_page=True, animations="disabled", caret="hide")
