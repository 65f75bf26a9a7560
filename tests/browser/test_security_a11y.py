"""In the browser: accessibility (axe-core), keyboard-only forms, no CSP violations (also in the
admin), the idle-logout warning, and the two-factor enrolment of the demo (issue 9).

axe-core comes with the test tooling (axe-playwright-python vendors axe.min.js); the product does
not ship it. Results are written to $TEST_ARTIFACTS_DIR/axe-*.json.
"""

import json
from base64 import b32decode
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP

from cases.constants import CaseStage
from cases.models import Case
from tests.browser.conftest import ARTIFACTS
from zvh.models import User
from zvh.two_factor import activation_issue

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}


@pytest.fixture
def csp_violations(page):
    """Console messages about the Content-Security-Policy, collected while the test runs."""
    found = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


def _axe(page, name):
    results = Axe().run(page)
    violations = results.response["violations"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations if v["impact"] in BLOCKING
    ]
    assert blocking == [], f"{name}: {blocking}"
    return violations


@pytest.mark.parametrize("username", ["rr-procesregisseur", "rr-partner-school", "rr-manager", "rr-beheerder"])
def test_home_of_each_function_has_no_serious_accessibility_violations(
        page, live_server, demo_data, login, username, csp_violations):
    login(page, username)
    assert page.get_by_test_id("current-user").is_visible()
    _axe(page, f"home-{username}")
    assert csp_violations == []


def test_case_list_case_page_and_plan_have_no_serious_accessibility_violations(
        page, live_server, demo_data, login, csp_violations):
    login(page, "rr-procesregisseur")
    page.get_by_role("link", name="Mijn casussen").first.click()
    page.wait_for_load_state()
    _axe(page, "case-list")
    for stage in (CaseStage.INTAKE, CaseStage.MONITORING):
        case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=stage).first()
        if case is None:
            continue
        page.goto(f"{live_server.url}/casussen/{case.uuid}/")
        _axe(page, f"case-{stage}")
        if stage == CaseStage.MONITORING:
            page.goto(f"{live_server.url}/casussen/{case.uuid}/plan/")
            _axe(page, "plan")
    page.goto(f"{live_server.url}/casussen/aanmelden/")
    _axe(page, "aanmelden")
    assert csp_violations == []


def test_the_intake_form_works_with_the_keyboard_only(page, live_server, demo_data, login, screenshot):
    case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=CaseStage.INTAKE).first()
    login(page, "rr-procesregisseur")
    page.goto(f"{live_server.url}/casussen/{case.uuid}/intake/")
    page.locator("body").focus()

    def tab_to(predicate, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"keyboard focus never reached {predicate}")

    # The skip link comes first and leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    tab_to("document.activeElement.name === 'zorgvraag'")
    page.keyboard.press("Control+A")
    page.keyboard.type("Met het toetsenbord ingevuld: wat is er nodig zodat Bram weer naar school gaat?")
    tab_to("document.activeElement.name === 'urgency'")
    tab_to("document.activeElement.type === 'submit'")
    screenshot(page, "30-intake-keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/casussen/{case.uuid}/")
    assert "Zorgvraag opgeslagen" in page.locator("main").inner_text()
    case.refresh_from_db()
    assert case.zorgvraag.startswith("Met het toetsenbord ingevuld")


def test_the_admin_works_under_the_csp(page, live_server, demo_data, login, csp_violations):
    login(page, "rr-beheerder")
    page.goto(f"{live_server.url}/beheer/")
    assert page.get_by_role("link", name="Gebruikers").first.is_visible()
    page.goto(f"{live_server.url}/beheer/zvh/user/")
    assert page.locator("select[name=action] option", has_text="Inlogblokkade opheffen").count() == 1
    page.locator("#result_list tbody tr a").first.click()
    page.wait_for_load_state()
    assert page.locator("#user_form").is_visible()
    assert csp_violations == []


def test_idle_warning_offers_to_stay_and_then_logs_out(page, live_server, demo_data, login, settings):
    page.clock.install()
    login(page, "rr-procesregisseur")
    idle = int(page.locator("body").get_attribute("data-idle-timeout"))
    warning = int(page.locator("body").get_attribute("data-idle-warning"))
    box = page.locator("#session-warning")
    assert box.is_hidden()

    page.clock.run_for((idle - warning + 5) * 1000)
    assert box.is_visible()
    assert "automatisch uitgelogd" in box.inner_text()
    page.get_by_role("button", name="Ingelogd blijven").click()
    page.wait_for_timeout(300)
    page.clock.run_for(2000)
    assert box.is_hidden()

    page.clock.run_for((idle + 5) * 1000)
    page.wait_for_url("**/inloggen/?sessie=verlopen*")
    assert page.get_by_test_id("session-expired").is_visible()
    page.goto(f"{live_server.url}/")
    assert "/inloggen/" in page.url  # the session on the server is gone too


def test_demo_shows_two_factor_enrolment(page, live_server, demo_data, login, screenshot, settings):
    settings.TWO_FACTOR_REQUIRED = True
    login(page, "rr-partner-school")
    assert "/tweestapsverificatie/" in page.url
    # No trust on first use: the password alone shows no QR code, only the request for an activation link.
    assert page.get_by_test_id("needs-activation").is_visible()
    assert page.get_by_test_id("qr-code").count() == 0
    # A beheerder (here the national superuser) issues the single-use link; the user opens it.
    link = activation_issue(user=User.objects.get(username="rr-partner-school"),
                            actor=User.objects.get(username="landelijk-beheer"))
    page.goto(f"{live_server.url}{urlsplit(link).path}")
    page.wait_for_load_state()
    assert "/tweestapsverificatie/" in page.url
    assert page.get_by_test_id("qr-code").locator("svg").is_visible()
    screenshot(page, "20-2fa-enrolment")
    _axe(page, "2fa-enrolment")
    secret = page.get_by_test_id("totp-secret").text_content().replace(" ", "")
    key = b32decode(secret)
    page.get_by_label("Code uit de app (6 cijfers)").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()
    codes = page.get_by_test_id("backup-codes").locator("li")
    assert codes.count() == 10
    screenshot(page, "21-2fa-backup-codes")
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("current-user").is_visible()


def test_the_dashboard_has_no_serious_accessibility_violations(page, live_server, demo_data, login, csp_violations):
    login(page, "rr-manager")
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_load_state()
    _axe(page, "dashboard")
    assert csp_violations == []


def test_a_plan_form_works_with_the_keyboard_only(page, live_server, demo_data, login):
    case = Case.objects.filter(procesregisseur__username="rr-procesregisseur", stage=CaseStage.PLAN).first()
    login(page, "rr-procesregisseur")
    page.goto(f"{live_server.url}/casussen/{case.uuid}/plan/doelen/nieuw/")
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName === 'TEXTAREA'"):
            break
    else:
        raise AssertionError("keyboard focus never reached the goal field")
    page.keyboard.type("De jeugdige voelt zich thuis en op school veilig.")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'submit'"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "De jeugdige voelt zich thuis en op school veilig." in page.locator("main").inner_text()
