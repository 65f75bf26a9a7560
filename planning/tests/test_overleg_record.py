"""Issue 15: the overleg recorded per agenda item, attendance with role, the youth's voice, the gate."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import workflow
from cases.constants import CaseStage
from cases.models import CaseEvent
from cases.services import case_transition
from cases.tests.factories import CaseFactory, PersonFactory
from monitoring.models import Escalation
from notifications.delivery import deliver_due
from planning import checks, meeting_services, services
from planning.constants import AGENDA_FIELDS, MeetingKind, PlanningEvent, RsvpStatus, VoiceMode
from planning.models import Decision, MeetingInvitee
from planning.tests.factories import MeetingFactory, MeetingInviteeFactory
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALL_PARTS = {name: True for name in AGENDA_FIELDS}


def _url(name, meeting, **kwargs):
    return reverse(f"planning:{name}", kwargs={"case_uuid": meeting.case.uuid, "meeting_id": meeting.pk, **kwargs})


def test_a_meeting_still_to_come_cannot_be_recorded_as_held():
    meeting = MeetingFactory()  # next week
    with pytest.raises(services.NotAllowed, match="vanaf de begintijd"):
        meeting_services.meeting_record(meeting=meeting, actor=meeting.organizer, minutes="", **ALL_PARTS)
    meeting.refresh_from_db()
    assert meeting.status == "planned" and not checks.agenda_covered(meeting.case)


def test_the_record_form_refuses_a_future_meeting_with_a_message_and_keeps_the_input(client):
    meeting = MeetingFactory()
    client.force_login(meeting.organizer)
    data = {"minutes": "Mijn verslag", "agenda_analysis": "on", "agenda_analysis_notes": "Feiten besproken"}
    response = client.post(_url("meeting_record", meeting), data)
    assert response.status_code == 200
    assert "vanaf de begintijd" in response.content.decode()
    assert "Feiten besproken" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned" and meeting.agenda_analysis_notes == ""


def test_the_record_keeps_notes_and_decisions_per_agenda_item_and_attendance_with_role(client):
    invitee = MeetingInviteeFactory(meeting=MeetingFactory(past=True))
    meeting = invitee.meeting
    client.force_login(meeting.organizer)
    data = {"minutes": "Algemeen", f"attendance_{invitee.pk}": "present", f"seat_role_{invitee.pk}": "mentor",
            f"on_behalf_of_{invitee.pk}": "namens de school", "agenda_goals_decisions": "Doel 1 vastgesteld\n\n"}
    for name in AGENDA_FIELDS:
        data[name] = "on"
        data[f"{name}_notes"] = f"Notitie bij {name}"
    data["agenda_plan_decisions"] = "School zoekt een plek\nPolitie belt de buurt"
    response = client.post(_url("meeting_record", meeting), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    invitee.refresh_from_db()
    assert meeting.status == "held" and meeting.agenda_goals_notes == "Notitie bij agenda_goals"
    assert (invitee.seat_role, invitee.on_behalf_of) == ("mentor", "namens de school")
    assert sorted(Decision.objects.filter(meeting=meeting).values_list("agenda_part", "text")) == [
        ("b", "Doel 1 vastgesteld"), ("d", "Politie belt de buurt"), ("d", "School zoekt een plek")]
    page = client.get(_url("meeting_detail", meeting)).content.decode()
    assert "Notitie bij agenda_solutions" in page and "namens de school" in page
    d_item = page[page.index('data-testid="agenda-d"'):page.index('data-testid="voices"')]
    assert "School zoekt een plek" in d_item and "Doel 1 vastgesteld" not in d_item


def test_the_youths_voice_is_recorded_and_shown_beside_the_goals(client):
    from planning.tests.factories import PlanFactory

    plan = PlanFactory(complete=True)
    meeting = MeetingFactory(case=plan.case, held=True)
    youth = PersonFactory(case=plan.case, first_name="Noah")
    client.force_login(plan.case.procesregisseur)
    refused = client.post(_url("voice_add", meeting), {"person": youth.pk, "mode": VoiceMode.REPRESENTED})
    assert refused.status_code == 200 and "Zeg door wie" in refused.content.decode()
    response = client.post(_url("voice_add", meeting), {
        "person": youth.pk, "mode": VoiceMode.RECORDING, "own_words": "Ik wil gewoon weer naar school."})
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=plan.case, kind=PlanningEvent.VOICE_RECORDED).exists()
    page = client.get(reverse("planning:plan_detail", kwargs={"case_uuid": plan.case.uuid})).content.decode()
    voices = page[page.index('data-testid="plan-voices"'):]
    assert "Ik wil gewoon weer naar school." in voices and "Via een video of opname" in voices
    with pytest.raises(services.NotAllowed, match="waarom"):
        meeting_services.voice_record(meeting=meeting, actor=plan.case.procesregisseur, person=youth,
                                      mode=VoiceMode.NOT_HEARD)


def test_after_an_escalation_the_plan_needs_an_overleg_held_after_it():
    case = CaseFactory(overleg=True)
    old = MeetingFactory(case=case, past=True)
    meeting_services.meeting_record(meeting=old, actor=case.procesregisseur, minutes="", **ALL_PARTS)
    Escalation.objects.create(case=case, raised_by=case.procesregisseur, reason="cooperation", explanation="Vast",
                              raised_at=timezone.now() - timedelta(days=1))
    with pytest.raises(workflow.TransitionRefused) as refused:
        case_transition(case=case, to=CaseStage.PLAN, actor=case.procesregisseur)
    assert refused.value.reasons == ["na de laatste opschaling is opnieuw overlegd (agenda a t/m d)"]
    new = MeetingFactory(case=case, kind=MeetingKind.OPSCHALING,
                         starts_at=timezone.now() - timedelta(minutes=5))
    meeting_services.meeting_record(meeting=new, actor=case.procesregisseur, minutes="", **ALL_PARTS)
    case_transition(case=case, to=CaseStage.PLAN, actor=case.procesregisseur)
    case.refresh_from_db()
    assert case.stage == CaseStage.PLAN


# -- invitations: the answer link, in-app replies, invitees without e-mail -----------------------


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    case = CaseFactory(overleg=True)
    partner = UserFactory(region=case.region, email="mark@politie.example.nl")
    start = timezone.now() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.meeting_schedule(
            case=case, actor=case.procesregisseur, kind=MeetingKind.PLAN, starts_at=start,
            ends_at=start + timedelta(hours=1), location="ZVH",
            invitees=[{"user": partner}, {"role": "ouder", "name": "Linda Verbeek", "email": ""}])
    mail.outbox.clear()
    deliver_due()
    return meeting, partner


def _link(message) -> str:
    return re.search(r"https?://\S+/uitnodiging/\S+/", message.body).group(0)


def test_the_invitation_link_accepts_once_and_the_procesregisseur_sees_the_reply(client, invited):
    meeting, partner = invited
    # The invitee's invitation (the organiser gets a copy without an answer link).
    to_partner = [m for m in mail.outbox if partner.email in m.to]
    assert len(to_partner) == 1
    path = _link(to_partner[0]).split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    assert client.get(path).status_code == 200  # a mail scanner's GET writes nothing
    assert MeetingInvitee.objects.get(user=partner).rsvp == RsvpStatus.PENDING
    response = client.post(path, {"answer": "accepted", "note": "Ik neem de wijkagent mee"})
    assert response.status_code == 200 and "Komt" in response.content.decode()
    invitee = MeetingInvitee.objects.get(user=partner)
    assert invitee.rsvp == RsvpStatus.ACCEPTED and invitee.rsvp_token_hash == ""
    assert client.post(path, {"answer": "declined"}).status_code == 404  # single use
    assert MeetingInvitee.objects.get(user=partner).rsvp == RsvpStatus.ACCEPTED
    client.force_login(meeting.case.procesregisseur)
    page = client.get(_url("meeting_detail", meeting)).content.decode()
    assert "Ik neem de wijkagent mee" in page and "Komt" in page


def test_an_invitee_answers_in_the_app(client, invited):
    meeting, partner = invited
    invitee = MeetingInvitee.objects.get(user=partner)
    client.force_login(partner)
    shared = client.get(reverse("planning:shared", kwargs={"case_uuid": meeting.case.uuid})).content.decode()
    assert 'data-testid="own-invitation"' in shared
    client.post(_url("invitation_respond", meeting, invitee_id=invitee.pk), {"answer": "declined"})
    invitee.refresh_from_db()
    assert invitee.rsvp == RsvpStatus.DECLINED
    assert CaseEvent.objects.filter(case=meeting.case, kind=PlanningEvent.INVITATION_ANSWERED).exists()


def test_an_invitee_without_email_is_flagged_with_a_printable_invitation(client, invited):
    meeting, _partner = invited
    mother = MeetingInvitee.objects.get(name="Linda Verbeek")
    client.force_login(meeting.case.procesregisseur)
    page = client.get(_url("meeting_detail", meeting)).content.decode()
    warning = page[page.index('data-testid="no-email-warning"'):]
    assert "Linda Verbeek" in warning and _url("invitation_print", meeting, invitee_id=mother.pk) in warning
    printed = client.get(_url("invitation_print", meeting, invitee_id=mother.pk)).content.decode()
    assert meeting.case.reference in printed and "Linda Verbeek" in printed
    from privacy.models import Disclosure

    before = Disclosure.objects.filter(case=meeting.case).count()
    client.post(_url("invitation_handed_over", meeting, invitee_id=mother.pk))
    client.post(_url("invitation_handed_over", meeting, invitee_id=mother.pk))
    mother.refresh_from_db()
    assert mother.invited_at is not None
    logged = Disclosure.objects.filter(case=meeting.case).exclude(organisation__isnull=False)
    assert Disclosure.objects.filter(case=meeting.case).count() == before + 1
    assert [d.recipient for d in logged] == ["Ouder / wettelijk vertegenwoordiger: Linda Verbeek"]
