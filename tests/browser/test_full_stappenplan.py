"""The whole stappenplan for one new case, with two demo users (procesregisseur and casusregisseur):
aanmelding → intake → overleg → plan A/B → monitoring with an escalation → afschalen → evaluatie →
closed. A screenshot of every stage goes to the artifacts folder (named in the CI log)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.steps import (
    accept_aanmelding,
    add_activity,
    add_party,
    appoint_casusregisseur,
    fill_referral,
    fill_scenarios,
    fill_zorgvraag,
    to_stage,
)

pytestmark = pytest.mark.django_db(transaction=True)

PR = "Sanne Visser"
CASUSREGISSEUR = "Fatima El Idrissi (Wijkteam Rotterdam-Noord)"


def _stage(page):
    return page.locator("h1 .stage-badge").inner_text()



def test_full_stappenplan(page, live_server, demo_data, login, screenshot):
    today = timezone.localdate()
    login(page, "rr-procesregisseur")

    # Aanmelding and triage.
    page.get_by_role("link", name="Aanmelden").first.click()
    fill_referral(page, reason="Jeugdige zit thuis; partijen lopen vast.", aim="Eén gedragen plan.",
                  first_name="Mees", last_name="Oosterhuis", born="2011-09-01")
    page.get_by_test_id("party-row").first.get_by_label("Organisatie").select_option(label="Wijkteam Rotterdam-Noord")
    page.get_by_role("button", name="Aanmelding versturen").click()
    screenshot(page, "journey-0-aanmelding")
    accept_aanmelding(page, explanation="Procesregie past hier.", procesregisseur=PR)
    case_url = page.url
    reference = page.locator("h1").inner_text().split()[0]

    # Intake.
    assert _stage(page) == "Intake"
    fill_zorgvraag(page, "Hoe komt Mees weer op school, met hulp thuis die aansluit?")
    add_party(page, "GGZ Rotterdam")
    screenshot(page, "journey-1-intake")
    to_stage(page, "overleg")
    assert _stage(page) == "Overleg"

    # Overleg: plan it and record that the agenda a–d was covered.
    page.get_by_role("link", name="Overleg plannen").click()
    # Held yesterday (a verslag can be recorded from the start time on), recorded afterwards.
    page.get_by_label("Datum").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Begintijd").fill("09:00")
    page.get_by_label("Eindtijd").fill("10:30")
    page.get_by_label("Locatie").fill("ZVH Rotterdam-Rijnmond, zaal 1")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Verslag per agendapunt").click()
    for part in ("a. Analyse van de huidige situatie", "b. Doelen vanuit het perspectief van de jeugdige",
                 "c. Oplossingsrichtingen", "d. Plan en verdeling van de activiteiten"):
        page.get_by_label(f"Besproken, {part}").check()
    page.get_by_label("Alle betrokken partijen aan tafel").check()
    page.get_by_label("Algemeen verslag").fill("Samen het beeld gedeeld; plan A en B afgesproken.")
    page.get_by_role("button", name="Opslaan").click()
    screenshot(page, "journey-2-overleg")
    page.get_by_role("link", name="Naar de casus").click()
    to_stage(page, "plan")
    assert _stage(page) == "Plan van aanpak"

    # Plan van aanpak with plan A and plan B, casusregisseur, first check-in today; adopt.
    page.get_by_role("link", name="Plan bekijken en bewerken").click()
    page.get_by_role("link", name="Analyse bewerken").click()
    page.get_by_label("Feiten").fill("Mees gaat sinds de zomer niet naar school.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Doel, vanuit het perspectief van de jeugdige").fill("Mees gaat elke dag naar school.")
    page.get_by_role("button", name="Opslaan").click()
    add_activity(page, what="Rooster met vaste mentor", goal="Mees gaat elke dag naar school.",
                 organisation="Wijkteam Rotterdam-Noord", name="Mentor van Mees")
    fill_scenarios(page, plan_a="Terug naar de eigen school.", plan_b="Onderwijs-zorgarrangement.",
                   trigger="Na zes weken minder dan de helft van de lessen.", first_checkin=today.isoformat())
    add_activity(page, plan="B", what="Plek in een arrangement zoeken", goal="Mees gaat elke dag naar school.",
                 organisation="GGZ Rotterdam", name="Zorgcoördinator GGZ")
    appoint_casusregisseur(page, CASUSREGISSEUR)
    page.get_by_test_id("adopt").click()
    screenshot(page, "journey-3-plan")
    page.goto(case_url)
    to_stage(page, "monitoring")
    assert _stage(page) == "Monitoring"
    page.get_by_role("button", name="Uitloggen").click()

    # Monitoring: the casusregisseur records progress and escalates.
    login(page, "rr-casusregisseur")
    page.goto(case_url)
    page.get_by_test_id("checkins").get_by_role("link", name="Voortgang vastleggen").first.click()
    page.get_by_label("Stroef, maar gaat").check()
    page.get_by_label("Voortgang in het kort").fill("Mees gaat drie dagen; GGZ-intake nog niet gepland.")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_test_id("monitoring-section").get_by_role("link", name="Opschalen").click()
    page.get_by_label("De uitvoering van het plan loopt vast").check()
    page.get_by_label("Toelichting").fill("GGZ heeft na vier weken nog geen intake gepland.")
    page.get_by_role("button", name="Opslaan").click()
    screenshot(page, "journey-4-monitoring-opschaling")
    page.get_by_role("button", name="Uitloggen").click()

    # The procesregisseur acknowledges and resolves it without a new overleg.
    login(page, "rr-procesregisseur")
    page.goto(case_url)
    page.get_by_test_id("escalation").first.get_by_role("button", name="Oppakken").click()
    page.get_by_test_id("escalation").first.get_by_role("link", name="Afhandelen").click()
    page.get_by_label("Anders opgelost").check()
    page.get_by_label("Toelichting").fill("Met de GGZ-manager gebeld: intake staat volgende week.")
    page.get_by_role("button", name="Afhandelen").click()
    assert _stage(page) == "Monitoring"

    # Afschalen.
    page.get_by_test_id("closeout-section").get_by_role("link", name="Afschalen").click()
    page.get_by_role("checkbox", name="Zorg en hulp zijn goed georganiseerd").check()
    explanations = page.get_by_label("Toelichting")
    explanations.nth(0).fill("Alle partijen werken volgens plan.")
    explanations.nth(1).fill("Moeder heeft nog steun nodig.")
    page.get_by_role("checkbox", name="De regie is overgedragen aan een professional").check()
    explanations.nth(2).fill("De casusregisseur houdt de regie.")
    page.get_by_label("Regie overgedragen aan (naam en functie)").fill("Fatima El Idrissi, casusregisseur")
    page.get_by_label("Nazorg: nog één keer contact op").fill((today + timedelta(days=90)).isoformat())
    page.get_by_label("Ja, met de betrokkenen").check()
    page.get_by_role("button", name="Afschaalbesluit vastleggen").click()
    assert _stage(page) == "Afschalen"
    screenshot(page, "journey-5-afschalen")

    # Evaluatie, then closed.
    to_stage(page, "evaluatie")
    assert _stage(page) == "Evaluatie"
    page.get_by_test_id("closeout-section").get_by_role("link", name="Evaluatie vastleggen").click()
    page.get_by_label("Wie deden mee?").fill("Procesregisseur, casusregisseur, GGZ, moeder.")
    page.get_by_label("Wat is goed gegaan?").fill("Snel met alle partijen om tafel.")
    page.get_by_label("Waar zitten nog verbeterpunten?").fill("De GGZ eerder aan tafel halen.")
    page.get_by_label("Wat leren we hiervan voor toekomstige zorgvragen?").fill("Plan B concreet maken loont altijd.")
    screenshot(page, "journey-6-evaluatie")
    page.get_by_role("button", name="Opslaan").click()
    # The confirmation page says what closing means before it happens.
    assert "De casus wordt afgesloten" in page.get_by_test_id("consequences").inner_text()
    page.get_by_role("button", name="Evaluatie vastleggen en afsluiten").click()
    assert _stage(page) == "Afgesloten"
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("Aanmelding → Intake", "Intake → Overleg", "Overleg → Plan van aanpak",
                 "Plan van aanpak → Monitoring", "Monitoring → Afschalen", "Afschalen → Evaluatie",
                 "Evaluatie → Afgesloten"):
        assert step in timeline
    assert "Opgeschaald" in timeline
    screenshot(page, "journey-7-afgesloten")
    assert reference.startswith("ZVH-RR-")
