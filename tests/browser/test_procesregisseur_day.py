"""The procesregisseur's day in the browser: a morning walk (home → the case with an open escalation →
handle it → agenda → tomorrow's meeting as .ics) and an aanmelding typed while the session ended in another
tab, restored as a draft after logging in again and gone once it is sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def _drafts(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('zvh-draft:'))")


def test_a_procesregisseurs_morning(page, live_server, demo_data, login, screenshot):
    from cases.models import Case
    from monitoring.services import escalation_raise
    from planning.tests.factories import MeetingFactory

    case = Case.objects.filter(region__code="RR", stage="monitoring",
                               procesregisseur__username="rr-procesregisseur").first()
    escalation_raise(case=case, actor=case.plan.casusregisseur, reason="cooperation", urgency="spoed",
                     explanation="School en wijkteam komen de afspraken niet na.")
    other = Case.objects.filter(region__code="RR", procesregisseur__username="rr-procesregisseur",
                                stage__in=["overleg", "plan"]).first()
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    MeetingFactory(case=other, starts_at=start, ends_at=start + timedelta(hours=1), location="ZVH, kamer 2")

    login(page, "rr-procesregisseur")
    home = page.get_by_test_id("home-procesregisseur")
    first_row = home.get_by_test_id("case-row").first
    assert case.reference in first_row.inner_text() and "Opschaling open" in first_row.inner_text()
    screenshot(page, "day-1-home")
    first_row.get_by_role("link", name=case.reference).click()

    escalation = page.get_by_test_id("escalation").first
    escalation.get_by_role("button", name="Oppakken").click()
    page.get_by_test_id("escalation").first.get_by_role("link", name="Afhandelen").click()
    page.get_by_label("Anders opgelost").check()
    page.get_by_label("Toelichting").fill("Gebeld met school en wijkteam; afspraken opnieuw gemaakt.")
    screenshot(page, "day-2-escalation")
    page.get_by_role("button", name="Afhandelen").click()
    assert "Opschaling afgehandeld." in page.content()

    page.get_by_role("link", name="Agenda", exact=True).click()
    item = page.get_by_test_id("agenda-item").filter(has_text=other.reference).filter(has_text="Plan-overleg").first
    assert "10:00" in item.inner_text()
    screenshot(page, "day-3-agenda")
    item.get_by_role("link").click()
    with page.expect_download() as download:
        page.get_by_test_id("meeting-ics").click()
    ics = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VCALENDAR" in ics and other.reference in ics
    screenshot(page, "day-4-meeting")


def test_an_aanmelding_survives_a_session_that_ended_in_another_tab(page, live_server, demo_data, login,
                                                                     screenshot):
    login(page, "rr-procesregisseur")
    page.get_by_role("link", name="Aanmelden").first.click()
    reason = "Jeugdige zit thuis; school en wijkteam wijzen naar elkaar."
    page.get_by_label("Aanleiding: waarom vraagt u procesregie aan?").fill(reason)
    page.get_by_label("Wat wilt u met procesregie bereiken?").fill("Eén plan dat iedereen draagt.")
    page.get_by_test_id("person-row").first.get_by_label("Voornaam").fill("Bram")
    page.get_by_test_id("person-row").first.get_by_label("Achternaam").fill("Zandstra")
    page.wait_for_selector("form[data-draft-saved]")

    # Another tab logs out: the session ends while the form is still open here.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.get_by_role("button", name="Uitloggen").click()
    other.close()
    # The logout cleared the drafts of that browser on purpose (a shared computer); typing on goes on here.
    page.evaluate("document.querySelector('form[data-draft]').removeAttribute('data-draft-saved')")
    page.get_by_label("Onderbouwing").fill("Jeugdwet: taak van het wijkteam.")
    page.wait_for_selector("form[data-draft-saved]")
    page.get_by_role("button", name="Aanmelding versturen").click()

    # Sent to the login page; nothing was saved, but the draft is kept in the browser.
    assert "/inloggen/" in page.url
    page.get_by_label("Gebruikersnaam").fill("rr-procesregisseur")
    page.get_by_label("Wachtwoord").fill("procesregie-demo-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if "/casussen/aanmelden/" not in page.url:
        page.get_by_role("link", name="Aanmelden").first.click()

    assert page.get_by_test_id("draft-restored").is_visible()
    assert page.get_by_label("Aanleiding: waarom vraagt u procesregie aan?").input_value() == reason
    assert page.get_by_test_id("person-row").first.get_by_label("Voornaam").input_value() == "Bram"
    assert page.get_by_test_id("person-row").first.get_by_label("Achternaam").input_value() == "Zandstra"
    assert page.get_by_label("Onderbouwing").input_value() == "Jeugdwet: taak van het wijkteam."
    screenshot(page, "draft-restored")

    page.get_by_role("button", name="Aanmelding versturen").click()
    assert "is ontvangen" in page.content()
    assert _drafts(page) == []
