"""The manager's dashboard with the demo data: after a case closes the manager sees it counted, and no
personal data of any case appears on the page, in its chart data or in a CSV export.

The demo region Rotterdam-Rijnmond has four closed cases this month (declined, referred, withdrawn,
closed after evaluation): shown as "<5". The procesregisseur closes a fifth; the manager then sees 5.
"""

from pathlib import Path

import pytest

from cases.constants import CaseStage
from cases.models import Case, Person
from tests.browser.steps import to_stage

pytestmark = pytest.mark.django_db(transaction=True)

DASHBOARD_MAX_HEIGHT = 4800  # px at 1280 wide (it was 5,700 with every figure in one column)



def _personal_data():
    """Everything that identifies a case or a person of a case, in every region."""
    texts = set()
    for reference, uuid, reason, goal, zorgvraag in Case.objects.values_list(
            "reference", "uuid", "reason", "referrer_goal", "zorgvraag"):
        texts |= {reference, str(uuid), reason, goal, zorgvraag}
    for first, last in Person.objects.values_list("first_name", "last_name"):
        texts |= {f"{first} {last}", last}
    return {text for text in texts if text}


def _closed_total(page):
    row = page.get_by_test_id("figure-flow").locator("tbody tr").last
    assert row.locator("th").inner_text() == "Totaal periode"
    return row.locator("td").nth(1).inner_text()


def test_manager_sees_the_closed_case_counted_and_no_personal_data(page, live_server, demo_data, login,
                                                                   screenshot):
    csp_errors = []
    page.on("console", lambda message: csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)

    # The procesregisseur closes a case in intake (withdrawn), through the case page.
    case = Case.objects.filter(region__code="RR", stage=CaseStage.INTAKE,
                               procesregisseur__username="rr-procesregisseur").first()
    login(page, "rr-procesregisseur")
    page.goto(f"{live_server.url}/casussen/{case.uuid}/")
    to_stage(page, "closed", "Aanmelding ingetrokken door de aanmelder.")
    page.get_by_role("button", name="Casus afsluiten").click()  # the confirmation page
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.stage == CaseStage.CLOSED
    page.get_by_role("button", name="Uitloggen").click()

    # The manager logs in and opens the dashboard from the menu.
    login(page, "rr-manager")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.wait_for_selector("#chart-flow[data-drawn='1']")
    assert page.locator("h1").inner_text() == "Dashboard ZVH Rotterdam-Rijnmond"
    assert _closed_total(page) == "5"
    assert page.get_by_test_id("figure-endings").locator("tbody tr").last.locator("td").inner_text() == "5"
    # Figures with only small or zero numbers have no chart, just the table.
    assert page.locator("canvas[data-chart]").count() == page.locator("canvas[data-drawn='1']").count()
    # Into the test-artifacts directory only: tests never change tracked files (docs/dashboard.png
    # is updated by hand from there when the dashboard changes).
    screenshot(page, "20-dashboard")
    # With the demo data the page is not a long, mostly empty column (it was 5,700 px): figures without any
    # case are one sentence each, their tables folded away.
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"dashboard height at 1280 px: {height} px")
    assert height <= DASHBOARD_MAX_HEIGHT, height
    # Side by side, every table still shows all its columns (none scrolls inside its region at 1280 px).
    assert page.evaluate("[...document.querySelectorAll('.table-responsive')]"
                         ".filter(r => r.scrollWidth > r.clientWidth + 1).length") == 0

    html = page.content()
    leaks = [text for text in _personal_data() if text in html]
    assert leaks == []

    with page.expect_download() as download:
        page.get_by_test_id("csv-flow").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    last = exported.splitlines()[-1]
    assert last.startswith("Totaal periode;") and last.endswith(";5")
    assert [text for text in _personal_data() if text in exported] == []

    # The national coordinator sees the regions side by side, also without personal data.
    page.get_by_role("button", name="Uitloggen").click()
    login(page, "landelijk-coordinator")
    page.get_by_role("link", name="Landelijk dashboard", exact=True).click()
    page.wait_for_selector("#h-open-n")
    rows = page.get_by_test_id("figure-flow-closed").locator("tbody th").all_inner_texts()
    assert "ZVH Rotterdam-Rijnmond" in rows and "ZVH Twente" in rows and len(rows) == 30
    assert [text for text in _personal_data() if text in page.content()] == []
    screenshot(page, "21-dashboard-landelijk")
    assert csp_errors == []
