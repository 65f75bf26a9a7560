"""Invitations by e-mail with an .ics attachment, parsed back with icalendar."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from cases.tests.factories import CaseFactory, PersonFactory
from notifications.delivery import deliver_due
from notifications.models import OutboxMessage
from planning import invitations, meeting_services
from planning.constants import InviteeRole, MeetingKind, Participation
from planning.tests.factories import MeetingFactory, MeetingInviteeFactory
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _calendar(message) -> Calendar:
    (attachment,) = message.attachments
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") in ("REQUEST", "CANCEL")
    assert attachment.get_filename() == "uitnodiging.ics"
    return Calendar.from_ical(attachment.get_payload(decode=True))


def _sent_to_invitees():
    """The messages to the invitees (the organiser's copies left out)."""
    return [m for m in mail.outbox if not m.subject.startswith("Kopie: ")]


def _copies():
    return [m for m in mail.outbox if m.subject.startswith("Kopie: ")]


def _event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def _attendees(event) -> set[str]:
    value = event.get("attendee")
    values = value if isinstance(value, list) else [value]
    return {str(v).removeprefix("mailto:") for v in values if v}


@pytest.fixture
def planned(django_capture_on_commit_callbacks):
    """A meeting next week, scheduled through the service, with three invitees with e-mail."""
    case = CaseFactory(overleg=True)
    PersonFactory(case=case, first_name="Noah", last_name="Verbeek")
    partner = UserFactory(region=case.region, email="mark@politie.example.nl")
    start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.meeting_schedule(
            case=case, actor=case.procesregisseur, kind=MeetingKind.PLAN, starts_at=start,
            ends_at=start + timedelta(hours=2), location="ZVH, zaal 3",
            invitees=[
                {"user": partner},
                {"organisation": partner.organisation, "name": "J. de Wit", "email": "jdewit@wijkteam.example.nl"},
                {"role": InviteeRole.OUDER, "name": "Linda Verbeek", "email": "linda@example.nl",
                 "participation": Participation.VIDEO},
                {"role": InviteeRole.JEUGDIGE, "name": "Noah", "email": ""},
            ],
        )
    deliver_due()  # the outbox's delivery task, as a worker runs it
    return meeting


def test_invitation_is_sent_to_everyone_with_an_email_with_a_request_ics(planned):
    assert sorted(m.to[0] for m in _sent_to_invitees()) == ["jdewit@wijkteam.example.nl", "linda@example.nl",
                                                              "mark@politie.example.nl"]
    message = _sent_to_invitees()[0]
    assert message.subject.startswith("Uitnodiging: Plan-overleg ZVH-")
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = _event(calendar)
    assert str(event["UID"]) == planned.ical_uid
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == planned.starts_at.astimezone(UTC)
    assert event.decoded("DTEND") == planned.ends_at.astimezone(UTC)
    assert event.to_ical().decode().count("DTSTART:") == 1 and "Z\r\n" in event.to_ical().decode()
    assert str(event["LOCATION"]) == "ZVH, zaal 3"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]) == f"mailto:{planned.case.procesregisseur.email}"
    assert _attendees(event) == {"jdewit@wijkteam.example.nl", "linda@example.nl", "mark@politie.example.nl"}
    planned.invitees.filter(email="").get()  # the youth without an e-mail is on the list, not mailed


def test_invitation_names_no_one_of_the_family(planned):
    for message in mail.outbox:
        ics = message.attachments[0].get_payload(decode=True).decode()
        assert "Verbeek" not in message.subject and "Verbeek" not in message.body
        assert "Noah" not in ics.split("ATTENDEE")[0]  # summary and description carry the reference only
        assert planned.case.reference in message.subject


def test_invitees_are_marked_invited(planned):
    invited = planned.invitees.exclude(email="")
    assert all(i.invited_at and i.invited_sequence == 0 for i in invited)


def test_change_sends_an_update_with_the_same_uid_and_a_higher_sequence(planned, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    new_start = planned.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_update(meeting=planned, actor=planned.organizer, kind=planned.kind,
                                        starts_at=new_start, ends_at=new_start + timedelta(hours=1), location="Online",
                                        online_url="https://vc.example.nl/x")
    deliver_due()  # the outbox's delivery task, as a worker runs it
    assert len(_sent_to_invitees()) == 3 and len(_copies()) == 1
    message = _sent_to_invitees()[0]
    assert message.subject.startswith("Gewijzigd:")
    calendar = _calendar(message)
    event = _event(calendar)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == planned.ical_uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == new_start.astimezone(UTC)
    assert str(event["URL"]) == "https://vc.example.nl/x"


def test_saving_without_a_change_sends_nothing(planned, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.meeting_update(meeting=planned, actor=planned.organizer, kind=planned.kind,
                                                  starts_at=planned.starts_at, ends_at=planned.ends_at,
                                                  location=planned.location)
    deliver_due()  # the outbox's delivery task, as a worker runs it
    assert mail.outbox == [] and meeting.ical_sequence == 0


def test_cancellation_sends_method_cancel(planned, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=planned, actor=planned.organizer, reason="De moeder is ziek")
    deliver_due()  # the outbox's delivery task, as a worker runs it
    assert len(_sent_to_invitees()) == 3
    (copy,) = _copies()  # the organiser's calendar drops the meeting too
    assert str(_calendar(copy)["METHOD"]) == "CANCEL"
    message = _sent_to_invitees()[0]
    assert message.subject.startswith("Geannuleerd:")
    assert "De moeder is ziek" in message.body
    calendar = _calendar(message)
    event = _event(calendar)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == planned.ical_uid
    assert int(event["SEQUENCE"]) == 1


def test_a_new_invitee_alone_gets_the_invitation_listing_everyone(planned, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.invitee_add(meeting=planned, actor=planned.organizer, organisation=None,
                                     role=InviteeRole.PROFESSIONAL, name="Dr. Verhoeven", email="ggz@example.nl")
    deliver_due()  # the outbox's delivery task, as a worker runs it
    (message,) = _sent_to_invitees()
    assert message.to == ["ggz@example.nl"]
    assert "ggz@example.nl" in _attendees(_event(_calendar(message)))
    assert len(_attendees(_event(_calendar(message)))) == 4


def test_a_removed_invitee_gets_a_cancellation(planned, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    invitee = planned.invitees.get(email="linda@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.invitee_remove(invitee=invitee, actor=planned.organizer)
    deliver_due()  # the outbox's delivery task, as a worker runs it
    (message,) = mail.outbox  # no copy: a CANCEL for one attendee must not cancel the organiser's meeting
    assert message.to == ["linda@example.nl"]
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert _attendees(_event(calendar)) == {"linda@example.nl"}


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    case = CaseFactory(overleg=True)
    start = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):  # noqa: PT012
        with transaction.atomic():
            meeting_services.meeting_schedule(case=case, actor=case.procesregisseur, kind=MeetingKind.PLAN,
                                              starts_at=start, ends_at=start + timedelta(hours=1), location="ZVH",
                                              invitees=[{"name": "X", "email": "x@example.nl",
                                                         "organisation": None}])
            raise RuntimeError
    deliver_due()
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


def test_a_meeting_recorded_afterwards_sends_no_invitations(django_capture_on_commit_callbacks):
    case = CaseFactory(overleg=True)
    start = timezone.now() - timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_schedule(case=case, actor=case.procesregisseur, kind=MeetingKind.PLAN, starts_at=start,
                                          ends_at=start + timedelta(hours=1), location="ZVH",
                                          invitees=[{"name": "X", "email": "x@example.nl", "organisation": None}])
    deliver_due()  # the outbox's delivery task, as a worker runs it
    assert mail.outbox == []


def test_build_calendar_for_a_meeting_with_only_an_online_link():
    meeting = MeetingFactory(location="", online_url="https://vc.example.nl/abc")
    MeetingInviteeFactory(meeting=meeting)
    calendar = Calendar.from_ical(invitations.build_calendar(meeting, method="REQUEST",
                                                              invitees=list(meeting.invitees.all())))
    event = _event(calendar)
    assert str(event["LOCATION"]) == "https://vc.example.nl/abc"
    assert str(calendar["PRODID"]) == invitations.PRODID and str(calendar["VERSION"]) == "2.0"
    assert "a. Analyse van de huidige situatie" in str(event["DESCRIPTION"])


def test_the_invitation_is_an_imip_message_with_the_calendar_beside_the_text(planned):
    """multipart/mixed [ multipart/alternative [ text/plain, text/calendar; method=REQUEST ], the .ics file ]:
    Outlook shows a meeting request with accept/decline, not a file."""
    import email
    import email.policy

    row = OutboxMessage.objects.filter(kind="invitation", recipients=["linda@example.nl"]).get()
    parsed = email.message_from_bytes(bytes(row.raw), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    alternative, attachment = parsed.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    text, calendar_part = alternative.get_payload()
    assert text.get_content_type() == "text/plain" and "U bent uitgenodigd" in text.get_content()
    assert calendar_part.get_content_type() == "text/calendar"
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content_disposition() is None  # inline: the meeting request itself
    calendar = Calendar.from_ical(calendar_part.get_content())
    assert str(calendar["METHOD"]) == "REQUEST" and str(_event(calendar)["UID"]) == planned.ical_uid
    assert attachment.get_filename() == "uitnodiging.ics" and attachment.get_content_disposition() == "attachment"
    assert attachment.get_payload(decode=True).replace(b"\r\n", b"\n") == calendar_part.get_content().encode()


def test_the_organiser_gets_a_copy_of_the_invitation(planned):
    organiser = planned.organizer or planned.case.procesregisseur
    (copy,) = _copies()
    assert copy.to == [organiser.email]
    assert copy.subject.startswith("Kopie: Uitnodiging: Plan-overleg ZVH-")
    assert "linda@example.nl" in copy.body and "mark@politie.example.nl" in copy.body
    event = _event(_calendar(copy))
    assert str(event["UID"]) == planned.ical_uid
    assert _attendees(event) == {"jdewit@wijkteam.example.nl", "linda@example.nl", "mark@politie.example.nl"}


def test_the_meeting_page_offers_the_ics_for_ones_own_calendar(client, planned):
    from django.urls import reverse

    client.force_login(planned.case.procesregisseur)
    page = client.get(reverse("planning:meeting_detail", kwargs={"case_uuid": planned.case.uuid,
                                                                 "meeting_id": planned.pk})).content.decode()
    url = reverse("planning:meeting_ics", kwargs={"case_uuid": planned.case.uuid, "meeting_id": planned.pk})
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert ".ics" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(_event(calendar)["UID"]) == planned.ical_uid
