"""A trainee plays a practice scenario on the real screens, moves the simulated clock and reads the debrief."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import steps

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIO = "Sem zit thuis"


def test_trainee_plays_a_scenario_through_to_its_debrief(page, live_server, demo_data, login, screenshot):
    login(page, "rr-inopleiding")
    page.get_by_role("link", name="Oefenen").first.click()
    expect(page.get_by_test_id("scenario")).to_have_count(3)
    screenshot(page, "practice-01-scenarios")
    page.get_by_role("button", name=re.compile(f"Start deze oefening „{SCENARIO}")).click()

    # The aanmelding, as the school registered it, on the real triage screen: marked as practice everywhere.
    banner = page.get_by_test_id("practice-banner")
    assert "OEFENOMGEVING" in banner.inner_text()
    steps.accept_aanmelding(page, explanation="Vastgelopen samenwerking rond schoolverzuim.",
                            procesregisseur="Lotte de Wit")
    assert re.search(r"/casussen/[0-9a-f-]{36}/$", page.url)
    case_url = page.url
    assert page.get_by_test_id("practice-banner").is_visible()

    steps.fill_zorgvraag(page, "Hoe gaat Sem weer naar school, met steun die beide ouders dragen?")
    for organisation in ("Gemeente Rivierstad – afdeling Leerplicht", "Jeugdpolitie Rivierstad"):
        steps.add_party(page, organisation)
    # Involving the police brought what they know, and their scripted call.
    page.goto(case_url)
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Oefenverloop" in timeline and "Jeugdpolitie Rivierstad" in timeline
    screenshot(page, "practice-02-intake")

    steps.to_stage(page, "overleg")
    assert "De casus staat nu in de fase Overleg." in page.content()
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    steps.plan_overleg(page, on=next_week, parties=["Gemeente Rivierstad – afdeling Leerplicht"],
                       location="ZVH, zaal 1")
    # Leerplicht declines, as the scenario has it: the answer is on the meeting page.
    page.reload()
    assert "Afgeslagen" in page.content() or "komt niet" in page.content()
    screenshot(page, "practice-03-overleg")

    # The play page: move the clock to the next moment.
    page.get_by_role("link", name="Oefenen").first.click()
    page.get_by_role("link", name=re.compile(SCENARIO)).click()
    day_before = page.get_by_test_id("simulated-day").inner_text()
    page.get_by_role("button", name=re.compile("Naar het volgende moment")).click()
    assert "De klok staat" in page.content()
    assert page.get_by_test_id("simulated-day").inner_text() != day_before
    assert page.get_by_test_id("happened").locator("li").count() >= 3
    screenshot(page, "practice-04-clock")

    page.get_by_role("link", name="Nabespreking").click()
    points = page.get_by_test_id("points")
    assert points.locator('[data-point="parties_at_table"][data-met="nee"]').count() == 1  # the police was not invited
    assert points.locator('[data-point="youth_heard"][data-met="nee"]').count() == 1
    assert "Sem" in page.get_by_test_id("debrief-timeline").inner_text() or page.get_by_test_id(
        "debrief-timeline").locator("tr").count() > 5
    screenshot(page, "practice-05-debrief")

    # Leaving practice mode: the practice case is not there for the trainee's real account.
    page.get_by_role("button", name="Oefenomgeving verlaten").first.click()
    assert page.get_by_test_id("practice-banner").count() == 0
    response = page.goto(case_url)
    assert response.status == 404
