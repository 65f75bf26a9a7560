"""The procesregisseur registers a case, triages it, does the intake and moves it to overleg."""

import re

import pytest

from tests.browser.steps import fill_referral, to_stage

pytestmark = pytest.mark.django_db(transaction=True)


def test_procesregisseur_takes_a_case_from_aanmelding_to_overleg(page, live_server, demo_data, login, screenshot):
    login(page, "rr-procesregisseur")
    page.get_by_role("link", name="Aanmelden").first.click()

    fill_referral(page, reason="Jeugdige zit thuis; school, wijkteam en GGZ wijzen naar elkaar.",
                  aim="Eén plan dat iedereen draagt.", first_name="Bram", last_name="Zandstra", born="2012-05-04")
    page.get_by_label("Urgentie").select_option("verhoogd")
    party = page.get_by_test_id("party-row").first
    party.get_by_label("Organisatie").select_option(label="GGZ Rotterdam")
    party.get_by_label("Contactpersoon").fill("Dr. P. Verhoeven")
    screenshot(page, "02-aanmelding")
    page.get_by_role("button", name="Aanmelding versturen").click()

    assert page.get_by_test_id("known-none").is_visible()
    page.get_by_label("Opgepakt voor procesregie").check()
    page.get_by_label("Toelichting voor de aanmelder").fill("Samenwerking loopt vast: procesregie helpt.")
    page.get_by_label("Procesregisseur").select_option(label="Sanne Visser")
    page.get_by_role("button", name="Besluit vastleggen").click()

    assert re.search(r"/casussen/[0-9a-f-]{36}/$", page.url)
    case_url = page.url
    page.get_by_role("link", name="Zorgvraag bewerken").click()
    page.get_by_label("Zorgvraag").fill("Hoe komt Bram weer op een passende plek op school?")
    page.get_by_role("button", name="Opslaan").click()

    for organisation, task in [("Wijkteam Rotterdam-Noord", "Ambulante gezinshulp"),
                               ("Samenwerkingsverband passend onderwijs Rotterdam", "Onderwijsplek")]:
        page.get_by_role("link", name="Partij toevoegen").click()
        page.locator("#id_organisation").select_option(label=organisation)
        page.get_by_label("Primaire taak").fill(task)
        page.get_by_label("Te bevragen over de samenwerking").check()
        page.get_by_label("Uitnodigen voor overleg").check()
        page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_test_id("involvements").locator("tbody tr").count() == 3
    screenshot(page, "03-intake")

    to_stage(page, "overleg")
    assert "De casus staat nu in de fase Overleg." in page.content()
    assert "Fase: Intake → Overleg" in page.get_by_test_id("timeline").inner_text()
    screenshot(page, "04-overleg")

    page.get_by_role("button", name="Uitloggen").click()
    login(page, "tw-procesregisseur")
    response = page.goto(case_url)
    assert response.status == 404
    assert "Zandstra" not in page.content()
