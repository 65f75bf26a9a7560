"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Run on their own with `pytest -m browser`. Screenshots go to $TEST_ARTIFACTS_DIR (default
test-artifacts/), which `.ci/run` names in the CI log.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator

from config.demo_data import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", Path(__file__).resolve().parents[2] / "test-artifacts"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "nl-NL"}


@pytest.fixture(autouse=True)
def clicks_wait_for_the_page_they_open(monkeypatch):
    """A click that opens a page returns once that page has loaded.

    Playwright's click waits only until a navigation it starts has committed; a check right after
    it (a count, the page's content) could read the new page before its body was parsed. This fails
    a journey now and then on a busy machine. After a click that opened nothing, the wait returns
    at once.
    """
    click = Locator.click

    def click_and_wait(self, *args, **kwargs):
        click(self, *args, **kwargs)
        self.page.wait_for_load_state()

    monkeypatch.setattr(Locator, "click", click_and_wait)


@pytest.fixture
def demo_data(transactional_db, settings):
    """The demo data, loaded through seed_demo as a new team member would."""
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


@pytest.fixture
def login(live_server):
    """login(page, username): log in through the login form with the demo password."""

    def _login(page, username, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()

    return _login


@pytest.fixture
def screenshot():
    """screenshot(page, name): save a full-page screenshot into the artifacts folder."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
