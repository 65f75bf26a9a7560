"""Idle logout never costs work (issue 20), with a fake clock in the browser and the same clock on the server.

- typing in a text field for 40 minutes keeps the session (input counts as activity; the keep-alive
  requests reach the server, whose idle timeout runs on the same fake clock);
- the warning appears without taking the focus out of the field, is not a role=alert, and is announced
  once in a polite live region; the next keystroke still lands in the field and keeps the session;
- idle for the full timeout ends the session on the server and in the browser;
- what was typed survives leaving the page and the session expiring (a draft in the browser, issue 14), is
  back after logging in again and gone once saved.
"""

import time

import pytest

from cases.constants import CaseStage
from cases.models import Case

pytestmark = pytest.mark.django_db(transaction=True)


class ServerClock:
    """`time` for zvh.middleware: real time plus what the test moved the browser's clock on."""

    def __init__(self):
        self.offset = 0.0

    def time(self):
        return time.time() + self.offset


@pytest.fixture
def server_clock(monkeypatch):
    clock = ServerClock()
    monkeypatch.setattr("zvh.middleware.time", clock)
    return clock


def test_typing_for_40_minutes_keeps_the_session_and_the_warning_never_takes_focus(
        page, live_server, demo_data, login, server_clock, screenshot):
    case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=CaseStage.INTAKE).first()
    page.clock.install()
    login(page, "rr-procesregisseur")
    page.goto(f"{live_server.url}/casussen/{case.uuid}/intake/")
    idle = int(page.locator("body").get_attribute("data-idle-timeout"))
    warning_at = idle - int(page.locator("body").get_attribute("data-idle-warning"))
    box = page.locator("#session-warning")
    assert page.locator("[role=alert]#session-warning").count() == 0
    field = page.locator("textarea[name=zorgvraag]")
    field.click()
    field.press("Control+A")
    field.press("Delete")

    def advance(seconds):
        server_clock.offset += seconds
        page.clock.run_for(int(seconds * 1000))

    typed = ""
    for minute in range(40):
        advance(60)
        assert box.is_hidden(), f"warning shown after {minute + 1} minutes of typing"
        with page.expect_response(lambda r: "/sessie/verlengen/" in r.url and r.status == 204):
            page.keyboard.type("a")  # a keystroke: activity, and (throttled) a keep-alive to the server
        typed += "a"
        assert page.evaluate("document.activeElement.name") == "zorgvraag"
    assert field.input_value() == typed

    # Now idle until the warning: it shows, but the focus stays in the field, and it is said once, politely.
    advance(warning_at + 5)
    assert box.is_visible()
    assert page.evaluate("document.activeElement.name") == "zorgvraag"
    announcer = page.locator("#session-announcer")
    assert announcer.get_attribute("aria-live") == "polite" and announcer.get_attribute("role") == "status"
    page.wait_for_function(
        "() => document.getElementById('session-announcer').textContent.includes('automatisch uitgelogd')")
    said = announcer.text_content()
    advance(3)  # the countdown runs on …
    assert announcer.text_content() == said  # … without the live region saying it again
    screenshot(page, "40-idle-warning-focus-stays")
    with page.expect_response(lambda r: "/sessie/verlengen/" in r.url and r.status == 204):
        page.keyboard.type("b")  # the next keystroke lands in the field and keeps the session
    assert field.input_value() == typed + "b"
    page.wait_for_function("() => document.getElementById('session-warning').hidden")
    page.wait_for_function("() => document.getElementById('session-announcer').textContent === 'U blijft ingelogd.'")

    # 40 minutes of typing later the server still knows the user.
    page.goto(f"{live_server.url}/")
    assert "/inloggen/" not in page.url and page.get_by_test_id("current-user").is_visible()


def test_idle_for_the_timeout_ends_the_session_and_the_typed_text_is_restored_after_logging_in(
        page, live_server, demo_data, login, server_clock):
    case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=CaseStage.INTAKE).first()
    form_url = f"{live_server.url}/casussen/{case.uuid}/intake/"
    page.clock.install()
    login(page, "rr-procesregisseur")
    page.goto(form_url)
    idle = int(page.locator("body").get_attribute("data-idle-timeout"))
    field = page.locator("textarea[name=zorgvraag]")
    typed = "Hoe komt de jeugdige weer op school, met hulp thuis die aansluit?"
    field.fill(typed)
    page.clock.run_for(1000)  # the draft is kept a moment after the last keystroke
    page.wait_for_selector("form[data-draft-saved]")

    # Idle for the timeout: the session ends on the server and the browser goes to the login page.
    server_clock.offset += idle + 60
    page.clock.run_for((idle + 5) * 1000)
    page.wait_for_url("**/inloggen/?sessie=verlopen*")
    assert page.get_by_test_id("session-expired").is_visible()
    page.goto(f"{live_server.url}/")
    assert "/inloggen/" in page.url

    # Logged in again, the form has the typed text back.
    login(page, "rr-procesregisseur")
    page.goto(form_url)
    assert page.get_by_test_id("draft-restored").is_visible()
    assert page.locator("textarea[name=zorgvraag]").input_value() == typed


def _drafts(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('zvh-draft:'))")


def test_what_was_typed_survives_leaving_the_page_and_the_session_expiring_and_goes_once_saved(
        page, live_server, demo_data, login, server_clock, screenshot):
    """Issue 14: a draft kept in the browser, put back after logging in again, removed by the successful save."""
    case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=CaseStage.INTAKE).first()
    url = f"{live_server.url}/casussen/{case.uuid}/intake/"
    page.clock.install()
    login(page, "rr-procesregisseur")
    page.goto(url)
    field = page.locator("textarea[name=zorgvraag]")
    typed = "Moeder en school zien de hulp anders; het wijkteam wacht op de GGZ-intake."
    field.fill(typed)
    page.clock.run_for(1000)  # the drafts script saves shortly after typing stops
    page.wait_for_selector("form[data-draft-saved]", state="attached")

    # Leaving the page without saving, and coming back: the text is there again, with a notice.
    page.get_by_role("link", name="Agenda", exact=True).click()
    page.goto(url)
    assert page.get_by_test_id("draft-restored").is_visible()
    assert field.input_value() == typed

    # The session expires while the page stands open: logged out, nothing saved on the server …
    idle = int(page.locator("body").get_attribute("data-idle-timeout"))
    server_clock.offset += idle + 60
    page.clock.run_for((idle + 5) * 1000)
    page.wait_for_url("**/inloggen/?sessie=verlopen*")
    case.refresh_from_db()
    assert case.zorgvraag != typed
    # … and after logging in again the form has what was typed.
    page.get_by_label("Gebruikersnaam").fill("rr-procesregisseur")
    page.get_by_label("Wachtwoord").fill("procesregie-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    page.goto(url)
    assert page.get_by_test_id("draft-restored").is_visible()
    assert field.input_value() == typed
    screenshot(page, "draft-after-session-expiry")

    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector("[data-message-level=success]")
    case.refresh_from_db()
    assert case.zorgvraag == typed
    assert _drafts(page) == []
    page.goto(url)
    assert page.get_by_test_id("draft-restored").count() == 0
