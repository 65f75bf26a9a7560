"""Meeting invitations by e-mail as iMIP messages (RFC 6047) that Outlook, Gmail and Apple Mail show as
a meeting request, with the same calendar also attached as an .ics file.

The message: multipart/mixed [ multipart/alternative [ text/plain, text/calendar; method=REQUEST ],
uitnodiging.ics ]. The organiser gets a copy of every invitation round, change and cancellation of
the whole meeting (subject "Kopie: ..."), so their own calendar holds the meeting too.

One VEVENT per meeting, with a UID that never changes and a SEQUENCE that goes up with every
change, so a calendar replaces the earlier version instead of adding a second appointment.
Times are in UTC (no VTIMEZONE needed). METHOD:REQUEST invites or updates, METHOD:CANCEL cancels.
The text contains the case reference, never a name of the youth or family.

Every message is written into the outbox (notifications app) in the transaction that changes the
meeting; the outbox delivers it with retries and shows what did not arrive.
"""

import hashlib
import secrets
from datetime import UTC
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from notifications.constants import MessageKind
from notifications.outbox import outbox_add
from planning.constants import AGENDA_PARTS, MeetingStatus
from planning.models import Meeting, MeetingInvitee
from privacy.services import disclosure_once

PRODID = "-//ZVH Procesregie//Overleg//NL"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def recipient_email(invitee: MeetingInvitee) -> str:
    return invitee.email or (invitee.user.email if invitee.user_id else "")


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def _summary(meeting: Meeting) -> str:
    return f"{meeting.get_kind_display()} {meeting.case.reference}"


def _description(meeting: Meeting) -> str:
    lines = [_("%(kind)s over casus %(ref)s, georganiseerd door %(zvh)s.") % {
        "kind": meeting.get_kind_display(), "ref": meeting.case.reference, "zvh": meeting.case.region.name}]
    if meeting.online_url:
        lines.append(_("Online deelnemen: %(url)s") % {"url": meeting.online_url})
    lines.append("")
    lines.append(_("Agenda:"))
    lines += [f"{letter}. {label}" for _name, letter, label in AGENDA_PARTS]
    return "\n".join(lines)


def organizer_of(meeting: Meeting) -> tuple[str, str]:
    """(e-mail, name) of the organiser: the meeting's organiser, else the case's procesregisseur."""
    user = meeting.organizer or meeting.case.procesregisseur
    if user is not None and user.email:
        return user.email, user.get_full_name()
    return settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].strip(">"), meeting.case.region.name


def build_calendar(meeting: Meeting, *, method: str, invitees: list[MeetingInvitee]) -> bytes:
    """The .ics for `meeting`, listing `invitees` (those with an e-mail address) as attendees."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", _summary(meeting))
    event.add("description", _description(meeting))
    event.add("location", meeting.location or meeting.online_url or "")
    if meeting.online_url:
        event.add("url", meeting.online_url)
    cancelled = method == CANCEL or meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    email, name = organizer_of(meeting)
    event.add("organizer", _address(email, name))
    for invitee in invitees:
        address = recipient_email(invitee)
        if address:
            event.add("attendee", _address(address, invitee.display_name, ROLE="REQ-PARTICIPANT",
                                           PARTSTAT="NEEDS-ACTION", RSVP="TRUE", CUTYPE="INDIVIDUAL"),
                      encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _subject(meeting: Meeting, method: str) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y H:i")
    if method == CANCEL:
        prefix = _("Geannuleerd")
    elif meeting.ical_sequence:
        prefix = _("Gewijzigd")
    else:
        prefix = _("Uitnodiging")
    return f"{prefix}: {_summary(meeting)} op {when}"


def _body(meeting: Meeting, method: str) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    when = f"{formats.date_format(start, 'l j F Y')} {start:%H:%M}–{end:%H:%M}"
    if method == CANCEL:
        lines = [_("Het overleg hieronder gaat niet door. De afspraak in uw agenda vervalt met de bijlage."),
                 "", _summary(meeting), when]
        if meeting.cancel_reason:
            lines += ["", meeting.cancel_reason]
    else:
        lines = [
            _("U bent uitgenodigd voor het overleg hieronder. Met de bijlage zet u het in uw agenda.")
            if not meeting.ical_sequence else
            _("Het overleg hieronder is gewijzigd. Met de bijlage werkt u uw agenda bij."),
            "", _summary(meeting), when,
            _("Locatie: %(l)s") % {"l": meeting.location or "—"},
        ]
        if meeting.online_url:
            lines.append(_("Online: %(u)s") % {"u": meeting.online_url})
        lines += ["", _("Agenda:"), *[f"{letter}. {label}" for _n, letter, label in AGENDA_PARTS]]
    lines += ["", _("Met vriendelijke groet,"), meeting.case.region.name]
    return "\n".join(str(line) for line in lines)


def _attachment(ics: bytes, method: str) -> MIMEText:
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="uitnodiging.ics")
    return part


class CalendarMessage(EmailMultiAlternatives):
    """An iMIP message: the text, beside it the calendar as `text/calendar; method=...`, and the .ics file."""

    def __init__(self, *args, method: str, ics: bytes, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method
        self.attach_alternative(ics.decode("utf-8"), "text/calendar")
        self.attach(_attachment(ics, method))

    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if mimetype == "text/calendar":
            part.set_param("method", self.method)
        return part


def _message(meeting: Meeting, invitee: MeetingInvitee, *, method: str, ics: bytes, subject: str, body: str,
             organizer_email: str) -> EmailMessage:
    return CalendarMessage(subject=subject, body=body, to=[recipient_email(invitee)], reply_to=[organizer_email],
                           method=method, ics=ics)


def organizer_ref(meeting_id: int) -> str:
    """The outbox `ref` of the organiser's copies."""
    return f"meeting-organizer:{meeting_id}"


def _copy_to_organizer(meeting: Meeting, *, method: str, ics: bytes, subject: str, body: str,
                       recipients: list[MeetingInvitee]) -> None:
    """The organiser's copy: the same calendar, and to whom it went."""
    user = meeting.organizer or meeting.case.procesregisseur
    if user is None or not user.email:
        return
    sent_to = ", ".join(recipient_email(i) for i in recipients)  # addresses only: no family name in a subject or body
    intro = _("Kopie voor de organisator. Verstuurd aan: %(to)s") % {"to": sent_to}
    message = CalendarMessage(subject=f"{_('Kopie')}: {subject}", body=f"{intro}\n\n{body}", to=[user.email],
                              method=method, ics=ics)
    outbox_add(message, kind=MessageKind.INVITATION if method == REQUEST else MessageKind.CANCELLATION,
               ref=organizer_ref(meeting.pk), case=meeting.case)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _answer_link(invitee: MeetingInvitee) -> str:
    """A fresh single-use link to accept or decline; only its hash is stored (a newer one replaces it)."""
    token = secrets.token_urlsafe(32)
    MeetingInvitee.objects.filter(pk=invitee.pk).update(rsvp_token_hash=token_hash(token))
    return settings.SITE_URL.rstrip("/") + reverse("planning:invitation_answer", kwargs={"token": token})


def _with_answer_link(body: str, link: str) -> str:
    return body + "\n\n" + _("Komt u? Laat het weten via deze link (eenmalig te gebruiken): %(link)s") % {
        "link": link}


def _to_outbox(meeting: Meeting, invitee: MeetingInvitee, message: EmailMessage, method: str) -> None:
    outbox_add(message, kind=MessageKind.INVITATION if method == REQUEST else MessageKind.CANCELLATION,
               ref=invitee_ref(invitee.pk), case=meeting.case)


def invitee_ref(invitee_id: int) -> str:
    """The outbox `ref` of an invitee's invitations (the meeting page shows their delivery)."""
    return f"invitee:{invitee_id}"


def send_invitations(meeting_id: int, *, method: str = REQUEST, invitee_ids: list[int] | None = None) -> int:
    """Put the meeting's invitation (REQUEST) or cancellation (CANCEL) for its invitees in the outbox.

    Runs in the caller's transaction: the messages exist if and only if the change is committed, and
    the outbox delivers them with retries (never in the web request). `invitee_ids` limits the
    recipients (a new invitee; a removed one gets CANCEL), while a REQUEST still lists every invitee
    as attendee. Marks each invitee invited (for this SEQUENCE) and logs the disclosure. Returns how
    many messages were written.
    """
    meeting = Meeting.objects.select_related("case__region", "case__procesregisseur", "organizer").get(
        pk=meeting_id)
    everyone = list(meeting.invitees.select_related("user", "organisation"))
    if invitee_ids is not None:
        recipients = [i for i in everyone if i.pk in set(invitee_ids)]
    else:
        recipients = everyone
    attendees = everyone if method == REQUEST else recipients
    with translation.override(settings.LANGUAGE_CODE):
        ics = build_calendar(meeting, method=method, invitees=attendees)
        subject, body = _subject(meeting, method), _body(meeting, method)
    organizer_email, _name = organizer_of(meeting)
    if meeting.case.is_practice:
        return _simulate_invitations(meeting, recipients, method)
    written = []
    for invitee in recipients:
        if not recipient_email(invitee):
            continue
        text = body
        if method == REQUEST:
            with translation.override(settings.LANGUAGE_CODE):
                text = _with_answer_link(body, _answer_link(invitee))
        message = _message(meeting, invitee, method=method, ics=ics, subject=subject, body=text,
                           organizer_email=organizer_email)
        _to_outbox(meeting, invitee, message, method)
        written.append(invitee)
        if method == REQUEST:
            MeetingInvitee.objects.filter(pk=invitee.pk).update(invited_at=timezone.now(),
                                                                invited_sequence=meeting.ical_sequence)
            _log_disclosure(meeting, invitee)
    if written:
        with translation.override(settings.LANGUAGE_CODE):
            _copy_to_organizer(meeting, method=method, ics=ics, subject=subject, body=body, recipients=written)
    return len(written)


def _simulate_invitations(meeting: Meeting, recipients: list[MeetingInvitee], method: str) -> int:
    """A practice case: every invitee counts as invited at once (the simulated partners answer as the
    scenario says) and nothing is written to the outbox, also not for an address the trainee typed."""
    if method != REQUEST or not recipients:
        return 0
    MeetingInvitee.objects.filter(pk__in=[i.pk for i in recipients]).update(
        invited_at=timezone.now(), invited_sequence=meeting.ical_sequence)
    return 0


def _log_disclosure(meeting: Meeting, invitee: MeetingInvitee) -> None:
    """The sharing log: the meeting's date, place and agenda went to this invitee — a party's
    organisation, or the youth or a parent — once per meeting and party."""
    disclose_invitation(meeting, invitee, actor=meeting.organizer)


def disclose_invitation(meeting: Meeting, invitee: MeetingInvitee, *, actor) -> None:
    """Log the invitation once per meeting and party (also for a printed invitation)."""
    what = f"Uitnodiging {meeting.get_kind_display()} {timezone.localtime(meeting.starts_at):%d-%m-%Y} " \
           f"(datum, plaats, agenda)"
    key = f"invitation:{meeting.pk}"
    if invitee.organisation_id is None:
        disclosure_once(case=meeting.case, key=key, what=what, actor=actor, organisation=None,
                        recipient=f"{invitee.get_role_display()}: {invitee.display_name}")
        return
    involvement = meeting.case.involvements.filter(organisation_id=invitee.organisation_id).first()
    disclosure_once(case=meeting.case, key=key, organisation=invitee.organisation, actor=actor, what=what,
                    legal_basis=involvement.sharing_basis if involvement else "publieke_taak",
                    consent=involvement.consent if involvement else None)


def send_cancellation_to(meeting: Meeting, invitee: MeetingInvitee) -> None:
    """Put a CANCEL for one invitee who is being removed in the outbox (same transaction)."""
    if not recipient_email(invitee):
        return
    with translation.override(settings.LANGUAGE_CODE):
        ics = build_calendar(meeting, method=CANCEL, invitees=[invitee])
        subject, body = _subject(meeting, CANCEL), _body(meeting, CANCEL)
    organizer_email, _name = organizer_of(meeting)
    message = _message(meeting, invitee, method=CANCEL, ics=ics, subject=subject, body=body,
                       organizer_email=organizer_email)
    _to_outbox(meeting, invitee, message, CANCEL)


def enqueue_invitations(meeting: Meeting, *, method: str = REQUEST, invitee_ids: list[int] | None = None) -> None:
    """Write the invitations into the outbox now, in the caller's transaction (a rollback sends nothing)."""
    send_invitations(meeting.pk, method=method, invitee_ids=list(invitee_ids) if invitee_ids is not None else None)
