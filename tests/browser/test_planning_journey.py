"""The procesregisseur runs an overleg to an adopted plan van aanpak; the casusregisseur reads it.

Plans an overleg, invites three parties, records the agenda, the analysis, two goals, plan A with
activities and plan B with its trigger, appoints a casusregisseur and adopts the plan. The
casusregisseur then logs in, sees the plan, and cannot edit it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from planning.models import Meeting
from tests.browser import steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _overleg_case():
    from cases.models import Case

    return Case.objects.filter(region__code="RR", stage="overleg",
                               procesregisseur__username="rr-procesregisseur").order_by("pk").first()



def test_procesregisseur_makes_a_plan_and_the_casusregisseur_reads_it(page, live_server, demo_data, login,
                                                                        screenshot):
    case = _overleg_case()
    case_url = f"{live_server.url}/casussen/{case.uuid}/"
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    in_a_month = (timezone.localdate() + timedelta(days=30)).isoformat()

    login(page, "rr-procesregisseur")
    page.goto(case_url)

    # Stap 2: plan the overleg and invite the case's two parties ...
    steps.plan_overleg(page, on=next_week, parties=["Wijkteam Rotterdam-Noord — Fatima El Idrissi",
                                                     "GGZ Rotterdam — Dr. P. Verhoeven"])

    # ... and a third: the police officer.
    steps.invite(page, organisation="Politie, basisteam Rotterdam", user="Mark Jansen (Politie, basisteam Rotterdam)")
    assert page.get_by_test_id("invitees").locator("tbody tr").count() == 3
    screenshot(page, "planning-01-overleg")

    # Stap 3: the agenda a–d is discussed; the case moves to the plan stage.
    # A week later the overleg has been held (a verslag can be recorded from its start time on).
    meeting = Meeting.objects.filter(case=case).latest("pk")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2),
                                                 ends_at=timezone.now() - timedelta(minutes=30))
    page.reload()
    page.get_by_role("link", name="Verslag per agendapunt").click()
    for part in ("a. Analyse van de huidige situatie", "b. Doelen vanuit het perspectief van de jeugdige",
                 "c. Oplossingsrichtingen", "d. Plan en verdeling van de activiteiten"):
        page.get_by_label(f"Besproken, {part}").check()
    page.get_by_label("Alle betrokken partijen aan tafel").check()
    page.get_by_label("Een veilig werkklimaat").check()
    page.get_by_label("Algemeen verslag").fill("Eerst samen het beeld, dan doelen; plan A en B afgesproken.")
    page.get_by_role("button", name="Opslaan").click()
    assert "Verslag opgeslagen." in page.content()
    page.get_by_role("link", name="Naar de casus").click()
    steps.to_stage(page, "plan")
    assert "De casus staat nu in de fase Plan van aanpak." in page.content()

    # (a) the analysis.
    page.get_by_role("link", name="Plan bekijken en bewerken").click()
    steps.fill_analysis(page, facts="Noah gaat sinds maart niet naar school.",
                        worries="Noah trekt zich terug; moeder is uitgeput.",
                        strengths="Noah wil terug naar de eigen klas; oma helpt.",
                        explanation="De hulp is versnipperd; niemand heeft het overzicht.")

    # (b) two goals in the youth's perspective.
    goals = ["Noah gaat elke dag naar school en voelt zich daar veilig.", "Noah en moeder hebben thuis rust."]
    for goal in goals:
        page.get_by_role("link", name="Doel toevoegen").click()
        page.get_by_label("Doel, vanuit het perspectief van de jeugdige").fill(goal)
        page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_test_id("goals").locator("li").count() == 2

    # (d) plan A with activities, plan B with its trigger.
    steps.add_activity(page, what="Aangepast rooster met een vaste mentor", goal=goals[0],
                       organisation="Samenwerkingsverband passend onderwijs Rotterdam",
                       person="Thomas Meijer (Samenwerkingsverband passend onderwijs Rotterdam)", due=in_a_month)
    steps.add_activity(page, what="Wekelijks huisbezoek bij moeder", goal=goals[1],
                       organisation="Wijkteam Rotterdam-Noord", person="Fatima El Idrissi (Wijkteam Rotterdam-Noord)",
                       due=in_a_month)
    steps.fill_scenarios(page, plan_a="Terug naar de eigen school, met steun thuis.",
                         plan_b="Tijdelijk een onderwijs-zorgarrangement.",
                         trigger="Als Noah na zes weken minder dan de helft van de lessen volgt.",
                         keep_informed="De casusregisseur belt elke twee weken.", first_checkin=in_a_month)
    steps.add_activity(page, plan="B", what="Plek regelen in een onderwijs-zorgarrangement", goal=goals[0],
                       organisation="Samenwerkingsverband passend onderwijs Rotterdam", name="Zorgcoördinator")
    assert page.get_by_test_id("activities-A").locator("tbody tr").count() == 2
    assert page.get_by_test_id("activities-B").locator("tbody tr").count() == 1
    assert "zes weken" in page.get_by_test_id("plan-b-trigger").inner_text()

    # The casusregisseur, then adoption.
    steps.appoint_casusregisseur(page, "Fatima El Idrissi (Wijkteam Rotterdam-Noord)")
    assert "Fatima El Idrissi" in page.get_by_test_id("casusregisseur").inner_text()
    page.get_by_test_id("adopt").click()
    assert "Versie 1 van het plan is vastgesteld." in page.content()
    assert "Vastgesteld" in page.get_by_test_id("plan-status").inner_text()
    screenshot(page, "planning-02-plan-vastgesteld")
    plan_url = page.url

    # The casusregisseur sees the plan, read-only.
    page.get_by_role("button", name="Uitloggen").click()
    login(page, "rr-casusregisseur")
    page.get_by_role("link", name=case.reference).first.click()
    page.get_by_role("link", name="Plan bekijken").click()
    assert page.url == plan_url
    assert page.get_by_test_id("read-only").is_visible()
    assert "Aangepast rooster met een vaste mentor" in page.get_by_test_id("activities-A").inner_text()
    assert "onderwijs-zorgarrangement" in page.get_by_test_id("activities-B").inner_text()
    assert page.get_by_role("link", name="Analyse bewerken").count() == 0
    assert page.get_by_test_id("adopt").count() == 0
    screenshot(page, "planning-03-casusregisseur-leest")
    response = page.goto(f"{case_url}plan/bewerken/")
    assert response.status == 404
