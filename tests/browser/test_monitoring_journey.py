"""The casusregisseur records progress and escalates; the procesregisseur picks it up and
convenes an opschalingsoverleg, which brings the case back to overleg."""

import datetime

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_casusregisseur_escalates_and_procesregisseur_convenes_the_overleg(
    page, live_server, demo_data, login, screenshot
):
    login(page, "rr-casusregisseur")
    page.get_by_role("link", name="Mijn casusregie").click()
    row = page.get_by_test_id("casusregie").locator("tbody tr").filter(has_text="Monitoring").first
    reference = row.locator("td").first.get_by_role("link").inner_text()
    row.get_by_role("link", name="Voortgang vastleggen").click()  # straight to the due check-in
    page.get_by_label("Loopt vast").check()
    page.get_by_label("Voortgang in het kort").fill("School houdt zich niet aan de afspraak over het rooster.")
    screenshot(page, "10-voortgang")
    page.get_by_role("button", name="Vastleggen").click()
    assert "Voortgang vastgelegd." in page.content()

    page.get_by_test_id("monitoring-section").get_by_role("link", name="Opschalen").click()
    page.get_by_label("De samenwerking loopt vast").check()
    page.get_by_label("Toelichting").fill("School en wijkteam komen er samen niet uit; overleg nodig.")
    page.get_by_label("Urgentie").select_option("spoed")
    page.get_by_role("button", name="Opslaan").click()
    assert "Opgeschaald." in page.content()
    screenshot(page, "11-opgeschaald")
    page.get_by_role("button", name="Uitloggen").click()

    login(page, "rr-procesregisseur")
    assert int(page.get_by_test_id("unread-count").inner_text().split()[0]) >= 1
    page.get_by_test_id("bell").click()
    page.get_by_role("link", name=f"Opschaling in {reference}").first.click()
    escalation = page.get_by_test_id("escalation").first
    escalation.get_by_role("button", name="Oppakken").click()
    assert "Opschaling opgepakt." in page.content()
    page.get_by_test_id("escalation").first.get_by_role("link", name="Afhandelen").click()
    page.get_by_label("Overleg opnieuw bijeengeroepen").check()
    page.get_by_label("Toelichting").fill("Opschalingsoverleg met school, wijkteam en ouders.")
    page.get_by_role("button", name="Afhandelen").click()

    assert "weer in de fase Overleg" in page.content()
    assert page.get_by_label("Soort overleg").input_value() == "opschalingsoverleg"
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.get_by_label("Datum").fill(tomorrow.isoformat())
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("11:00")
    page.get_by_label("Locatie").fill("ZVH Rotterdam, kamer 2")
    page.get_by_role("button", name="Opslaan").click()
    screenshot(page, "12-opschalingsoverleg")

    page.goto(f"{live_server.url}/casussen/")
    page.get_by_label("Zoeken").fill(reference)
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("link", name=reference).click()
    assert page.locator("h1 .stage-badge").inner_text() == "Overleg"
    assert "Fase: Monitoring → Overleg" in page.get_by_test_id("timeline").inner_text()
