"""The procesregisseur registers a case, triages it, does the intake and moves it to overleg."""

import re

import pytest

from tests.browser.steps import accept_aanmelding, add_party, fill_referral, fill_zorgvraag, to_stage

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
    accept_aanmelding(page, explanation="Samenwerking loopt vast: procesregie helpt.", procesregisseur="Sanne Visser")

    assert re.search(r"/casussen/[0-9a-f-]{36}/$", page.url)
    case_url = page.url
    fill_zorgvraag(page, "Hoe komt Bram weer op een passende plek op school?")
    for organisation, task in [("Wijkteam Rotterdam-Noord", "Ambulante gezinshulp"),
                               ("Samenwerkingsverband passend onderwijs Rotterdam", "Onderwijsplek")]:
        add_party(page, organisation, task=task, ask_cooperation=True)
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
