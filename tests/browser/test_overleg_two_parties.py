"""Issue 15, both sides of the table in two browser contexts at once: the procesregisseur plans an overleg,
the police officer accepts through the single-use link in their invitation e-mail (without logging in),
the meeting is recorded per agenda item with the youth's own words, the plan is adopted, and the officer
then sees the plan and their activity on *Gedeeld met mij*, reports progress on it and adds a document
that the procesregisseur downloads.
"""

import email
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from planning.models import Activity, ActivityReport, Meeting, MeetingInvitee
from tests.browser import steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = ("a. Analyse van de huidige situatie", "b. Doelen vanuit het perspectief van de jeugdige",
         "c. Oplossingsrichtingen", "d. Plan en verdeling van de activiteiten")


def _answer_path(invitee) -> str:
    """The answer link in the invitee's invitation e-mail (only its hash is in the database)."""
    from notifications.models import OutboxMessage

    row = OutboxMessage.objects.filter(ref=f"invitee:{invitee.pk}").latest("pk")
    message = email.message_from_bytes(bytes(row.raw))
    texts = [part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
             for part in message.walk() if part.get_content_type() == "text/plain"]
    link = re.search(r"https?://\S+/uitnodiging/\S+/", "\n".join(texts)).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]



def test_procesregisseur_and_partner_work_the_overleg_in_two_browsers(browser, browser_context_args, live_server,
                                                                     demo_data, login, screenshot):
    from cases import services as case_services
    from cases.models import Case
    from zvh.models import User

    case = Case.objects.filter(region__code="RR", stage="overleg",
                               procesregisseur__username="rr-procesregisseur").order_by("pk").first()
    officer = User.objects.get(username="rr-partner-politie")
    # The police are a party of the case (at intake): what they are shown rests on that involvement.
    case_services.involvement_add(case=case, actor=case.procesregisseur, organisation=officer.organisation,
                                  contact_user=officer, contact_name="Mark Jansen", primary_task="Wijkagent")
    case_url = f"{live_server.url}/casussen/{case.uuid}/"
    shared_url = live_server.url + reverse("planning:shared", kwargs={"case_uuid": case.uuid})
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()

    regie_context = browser.new_context(**browser_context_args)
    partner_context = browser.new_context(**browser_context_args)
    regie, partner = regie_context.new_page(), partner_context.new_page()
    try:
        # The procesregisseur plans the overleg and invites the officer.
        login(regie, "rr-procesregisseur")
        regie.goto(case_url)
        steps.plan_overleg(regie, on=next_week, parties=["Wijkteam Rotterdam-Noord — Fatima El Idrissi"])
        steps.invite(regie, organisation="Politie, basisteam Rotterdam",
                     user="Mark Jansen (Politie, basisteam Rotterdam)")
        meeting_url = regie.url
        screenshot(regie, "overleg-two-01-gepland")

        # The officer opens the link in the e-mail — no login — and accepts.
        meeting = Meeting.objects.filter(case=case).latest("pk")
        invitee = MeetingInvitee.objects.get(meeting=meeting, user=officer)
        partner.goto(live_server.url + _answer_path(invitee))
        assert case.reference in partner.get_by_test_id("invitation-answer").inner_text()
        partner.get_by_label("Toelichting (niet verplicht)").fill("Ik neem de wijkagent mee.")
        partner.get_by_role("button", name="Ik kom", exact=True).click()
        assert "Uw antwoord is doorgegeven" in partner.content()
        screenshot(partner, "overleg-two-02-partner-accepteert")

        # The procesregisseur sees the reply.
        regie.goto(meeting_url)
        assert "Ik neem de wijkagent mee." in regie.get_by_test_id("invitees").inner_text()
        assert "Komt" in regie.get_by_test_id("invitees").inner_text()

        # A week later the overleg is held: recorded per agenda item, with the youth's own words.
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2),
                                                     ends_at=timezone.now() - timedelta(minutes=30))
        regie.reload()
        regie.get_by_role("link", name="Verslag per agendapunt").click()
        notes = {PARTS[0]: "Noah gaat sinds maart niet naar school; moeder is uitgeput.",
                 PARTS[1]: "Noah wil terug naar de eigen klas.",
                 PARTS[2]: "Aangepast rooster; de wijkagent spreekt de jongens in de buurt aan.",
                 PARTS[3]: "Plan A en B verdeeld; politie neemt de buurt voor haar rekening."}
        for part, text in notes.items():
            regie.get_by_label(f"Besproken, {part}").check()
            regie.get_by_label(f"Aantekeningen, {part}").fill(text)
        regie.get_by_label("Alle betrokken partijen aan tafel").check()
        regie.get_by_role("button", name="Opslaan").click()
        assert "Verslag opgeslagen." in regie.content()
        regie.goto(meeting_url)
        regie.get_by_role("link", name="Stem van jeugdige/ouder").click()
        regie.get_by_label("Wie", exact=True).select_option(index=1)
        regie.get_by_label("Via een video of opname").check()
        regie.get_by_label("In eigen woorden").fill("Ik wil gewoon weer naar mijn eigen klas, bij mijn vrienden.")
        regie.get_by_role("button", name="Opslaan").click()
        assert "De stem van de jeugdige of ouder is vastgelegd." in regie.content()
        screenshot(regie, "overleg-two-03-verslag-en-stem")

        # Overleg → plan; a goal, an activity of the police, plan B, the casusregisseur; adopted.
        regie.goto(case_url)
        steps.to_stage(regie, "plan")
        assert "De casus staat nu in de fase Plan van aanpak." in regie.content()
        regie.get_by_role("link", name="Plan bekijken en bewerken").click()
        steps.fill_analysis(regie, facts="Noah gaat sinds maart niet naar school.", worries="Noah trekt zich terug.",
                            strengths="Noah wil terug naar de eigen klas.", explanation="De hulp is versnipperd.")
        goal = "Noah gaat elke dag naar school en voelt zich daar veilig."
        regie.get_by_role("link", name="Doel toevoegen").click()
        regie.get_by_label("Doel, vanuit het perspectief van de jeugdige").fill(goal)
        regie.get_by_role("button", name="Opslaan").click()
        steps.add_activity(regie, what="Wijkagent spreekt de jongens in de buurt aan", goal=goal,
                           organisation="Politie, basisteam Rotterdam",
                           person="Mark Jansen (Politie, basisteam Rotterdam)")
        steps.fill_scenarios(regie, plan_a="Terug naar de eigen school, met een veilige route.",
                             plan_b="Tijdelijk een onderwijs-zorgarrangement.",
                             trigger="Als Noah na zes weken nog thuis zit.",
                             keep_informed="De casusregisseur belt elke week.",
                             first_checkin=(timezone.localdate() + timedelta(days=30)).isoformat())
        steps.appoint_casusregisseur(regie, "Fatima El Idrissi (Wijkteam Rotterdam-Noord)")
        assert "eigen klas, bij mijn vrienden" in regie.get_by_test_id("plan-voices").inner_text()
        regie.get_by_test_id("adopt").click()
        assert "Versie 1 van het plan is vastgesteld." in regie.content()
        screenshot(regie, "overleg-two-04-plan-vastgesteld")

        # The officer logs in and sees the report, the plan and their activity, and reports progress.
        login(partner, "rr-partner-politie")
        partner.goto(shared_url)
        page_text = partner.inner_text("main")
        assert "Plan van aanpak, versie 1" in page_text
        assert "politie neemt de buurt voor haar rekening" in page_text  # the report per agenda item
        assert "bij mijn vrienden" not in page_text  # the youth's own words stay with the procesregisseur
        activities = partner.get_by_test_id("shared-activities")
        assert "Wijkagent spreekt de jongens in de buurt aan" in activities.inner_text()
        activities.get_by_text("Voortgang melden").click()
        activities.get_by_label("Status").select_option(label="Loopt")
        activities.get_by_label("Wat is er gebeurd?").fill("Twee gesprekken gevoerd bij het winkelcentrum.")
        activities.get_by_role("button", name="Melden").click()
        assert "Voortgang gemeld." in partner.content()
        assert "Twee gesprekken gevoerd" in partner.get_by_test_id("shared-activities").inner_text()
        screenshot(partner, "overleg-two-05-partner-meldt-voortgang")

        # The officer adds their report as a document; the procesregisseur finds it in the case's documents.
        partner.get_by_role("link", name="Document toevoegen").click()
        assert "niet op virussen gescand" in partner.get_by_test_id("not-scanned-notice").inner_text()
        partner.get_by_label("Bestand").set_input_files(
            {"name": "proces-verbaal.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"})
        partner.get_by_label("Titel").fill("Verslag wijkagent")
        partner.get_by_role("button", name="Toevoegen").click()
        assert "Document „Verslag wijkagent” toegevoegd." in partner.content()
        assert "Verslag wijkagent" in partner.get_by_test_id("documents").inner_text()
        screenshot(partner, "overleg-two-06-partner-document")
        regie.goto(case_url)
        regie.get_by_test_id("documents-link").click()
        documents = regie.get_by_test_id("documents").inner_text()
        assert "Verslag wijkagent" in documents and "Politie, basisteam Rotterdam" in documents
        with regie.expect_download() as download:
            regie.get_by_role("link", name="Verslag wijkagent (downloaden)", exact=True).click()
        assert download.value.suggested_filename == "verslag-wijkagent.pdf"

        activity = Activity.objects.get(scenario__plan__case=case, what__startswith="Wijkagent")
        assert activity.status == "in_progress"
        assert ActivityReport.objects.filter(activity=activity, reported_by=officer).count() == 1
    finally:
        regie_context.close()
        partner_context.close()
