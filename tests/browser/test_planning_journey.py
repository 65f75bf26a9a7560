"""The procesregisseur runs an overleg to an adopted plan van aanpak; the casusregisseur reads it.

Plans an overleg, invites three parties, records the agenda, the analysis, two goals, plan A with
activities and plan B with its trigger, appoints a casusregisseur and adopts the plan. The
casusregisseur then logs in, sees the plan, and cannot edit it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from planning.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _overleg_case():
    from cases.models import Case

    return Case.objects.filter(region__code="RR", stage="overleg",
                               procesregisseur__username="rr-procesregisseur").order_by("pk").first()


def _add_activity(page, scenario_button, what, goal, organisation, *, person=None, name=None, due=None):
    page.get_by_role("link", name=scenario_button).click()
    page.locator("#id_what").fill(what)
    page.get_by_label("Voor welk doel").select_option(label=goal)
    page.get_by_label("Verantwoordelijke organisatie").select_option(label=organisation)
    if person:
        page.get_by_label("Verantwoordelijke (gebruiker)").select_option(label=person)
    if name:
        page.get_by_label("Of: naam verantwoordelijke").fill(name)
    if due:
        page.get_by_label("Uiterlijk op").fill(due)
    page.get_by_role("button", name="Opslaan").click()
    assert "Activiteit toegevoegd." in page.content()


def test_procesregisseur_makes_a_plan_and_the_casusregisseur_reads_it(page, live_server, demo_data, login,
                                                                        screenshot):
    case = _overleg_case()
    case_url = f"{live_server.url}/casussen/{case.uuid}/"
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    in_a_month = (timezone.localdate() + timedelta(days=30)).isoformat()

    login(page, "rr-procesregisseur")
    page.goto(case_url)

    # Stap 2: plan the overleg and invite the case's two parties ...
    page.get_by_role("link", name="Overleg plannen").click()
    page.get_by_label("Soort overleg").select_option("plan_overleg")
    page.get_by_label("Datum").fill(next_week)
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("11:30")
    page.get_by_label("Locatie").fill("ZVH Rotterdam-Rijnmond, zaal 2")
    page.get_by_label("Wijkteam Rotterdam-Noord — Fatima El Idrissi").check()
    page.get_by_label("GGZ Rotterdam — Dr. P. Verhoeven").check()
    page.get_by_role("button", name="Opslaan").click()
    assert "Overleg gepland." in page.content()

    # ... and a third: the police officer.
    page.get_by_text("Genodigde toevoegen").click()
    form = page.get_by_test_id("invitee-form")
    form.get_by_label("Organisatie").select_option(label="Politie, basisteam Rotterdam")
    form.get_by_label("Professional (gebruiker)").select_option(label="Mark Jansen (Politie, basisteam Rotterdam)")
    form.get_by_role("button", name="Uitnodigen").click()
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
    page.get_by_label("Naar fase").select_option("plan")
    page.get_by_role("button", name="Naar deze fase").click()
    assert "De casus staat nu in de fase Plan van aanpak." in page.content()

    # (a) the analysis.
    page.get_by_role("link", name="Plan bekijken en bewerken").click()
    page.get_by_role("link", name="Analyse bewerken").click()
    page.get_by_label("Feiten").fill("Noah gaat sinds maart niet naar school.")
    page.get_by_label("Zorgen").fill("Noah trekt zich terug; moeder is uitgeput.")
    page.get_by_label("Krachten").fill("Noah wil terug naar de eigen klas; oma helpt.")
    page.get_by_label("Verklaring").fill("De hulp is versnipperd; niemand heeft het overzicht.")
    page.get_by_role("button", name="Opslaan").click()
    assert "Analyse opgeslagen." in page.content()

    # (b) two goals in the youth's perspective.
    goals = ["Noah gaat elke dag naar school en voelt zich daar veilig.", "Noah en moeder hebben thuis rust."]
    for goal in goals:
        page.get_by_role("link", name="Doel toevoegen").click()
        page.get_by_label("Doel, vanuit het perspectief van de jeugdige").fill(goal)
        page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_test_id("goals").locator("li").count() == 2

    # (d) plan A with activities, plan B with its trigger.
    _add_activity(page, "Activiteit plan A toevoegen", "Aangepast rooster met een vaste mentor", goals[0],
                  "Samenwerkingsverband passend onderwijs Rotterdam",
                  person="Thomas Meijer (Samenwerkingsverband passend onderwijs Rotterdam)", due=in_a_month)
    _add_activity(page, "Activiteit plan A toevoegen", "Wekelijks huisbezoek bij moeder", goals[1],
                  "Wijkteam Rotterdam-Noord", person="Fatima El Idrissi (Wijkteam Rotterdam-Noord)", due=in_a_month)
    page.get_by_role("link", name="Plan A, plan B en afspraken bewerken").click()
    page.get_by_label("Plan A: de aanpak").fill("Terug naar de eigen school, met steun thuis.")
    page.get_by_label("Plan B: de aanpak als het anders loopt").fill("Tijdelijk een onderwijs-zorgarrangement.")
    page.get_by_label("Wanneer treedt plan B in werking?").fill("Als Noah na zes weken minder dan de helft van de "
                                                                 "lessen volgt.")
    page.get_by_label("Hoe houden de partijen elkaar op de hoogte?").fill("De casusregisseur belt elke twee weken.")
    page.get_by_label("Eerste monitormoment").fill(in_a_month)
    page.get_by_role("button", name="Opslaan").click()
    assert "Plan opgeslagen." in page.content()
    _add_activity(page, "Activiteit plan B toevoegen", "Plek regelen in een onderwijs-zorgarrangement", goals[0],
                  "Samenwerkingsverband passend onderwijs Rotterdam", name="Zorgcoördinator")
    assert page.get_by_test_id("activities-A").locator("tbody tr").count() == 2
    assert page.get_by_test_id("activities-B").locator("tbody tr").count() == 1
    assert "zes weken" in page.get_by_test_id("plan-b-trigger").inner_text()

    # The casusregisseur, then adoption.
    page.get_by_role("link", name="Casusregisseur benoemen").click()
    page.get_by_label("Casusregisseur").select_option(label="Fatima El Idrissi (Wijkteam Rotterdam-Noord)")
    page.get_by_role("button", name="Opslaan").click()
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
