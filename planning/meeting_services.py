"""Writes on the overleg: meetings, their invitees and invitations, the verslag and decisions.

Called by the views, the demo seeder and the tests alike. Those that change who is invited end with
`sync_case_permissions`. The plan van aanpak is written by `planning.services`.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import timeline
from cases.models import Case
from cases.permissions import sync_case_permissions
from notifications.services import notify
from planning import invitations
from planning.common import MEETING_STAGES, NotAllowed, require_stage
from planning.constants import (
    AGENDA_FIELDS,
    AGENDA_LETTERS,
    AGENDA_NOTE_FIELDS,
    SUCCESS_CONDITION_FIELDS,
    InviteeRole,
    MeetingStatus,
    PlanningEvent,
    RsvpStatus,
    VoiceMode,
)
from planning.models import Decision, Meeting, MeetingInvitee, YouthVoice
from zvh.models import User

__all__ = [
    "NotAllowed",
    "decision_add",
    "invitee_add",
    "invitee_remove",
    "meeting_cancel",
    "meeting_record",
    "meeting_schedule",
    "invitation_answer",
    "invitation_handed_over",
    "invitee_for_token",
    "meeting_update",
    "voice_delete",
    "voice_record",
]



def _invitee_fields(fields: dict) -> dict:
    """Fill an invitee's organisation, name and e-mail from its user; the youth and parents have none."""
    fields = dict(fields)
    if fields.get("role", InviteeRole.PROFESSIONAL) != InviteeRole.PROFESSIONAL:
        fields["organisation"] = None
        fields["user"] = None
    user = fields.get("user")
    if user is not None:
        fields["organisation"] = fields.get("organisation") or user.organisation
        fields["name"] = fields.get("name") or user.get_full_name()
        fields["email"] = fields.get("email") or user.email
    return fields


def _should_invite(meeting: Meeting) -> bool:
    """Invitations go out for a planned meeting in the future, not for one recorded afterwards."""
    return meeting.status == MeetingStatus.PLANNED and meeting.ends_at > timezone.now()


@transaction.atomic
def meeting_schedule(
    *,
    case: Case,
    actor: User,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    invitees: list[dict] = (),
) -> Meeting:
    """Plan an overleg and invite its invitees (dicts of MeetingInvitee fields).

    Invitations with an .ics go out after the commit (for a meeting still to come); invited users
    get the partner's view of the case.
    """
    require_stage(case, MEETING_STAGES, _("In deze fase van de casus kan geen overleg worden gepland."))
    if ends_at <= starts_at:
        raise NotAllowed(_("Het einde van het overleg ligt vóór het begin."))
    meeting = Meeting.objects.create(
        case=case, kind=kind, starts_at=starts_at, ends_at=ends_at, location=location, online_url=online_url,
        organizer=actor,
    )
    for fields in invitees:
        MeetingInvitee.objects.create(meeting=meeting, **_invitee_fields(fields))
    when = timezone.localtime(starts_at)
    timeline.record(case, PlanningEvent.MEETING_SCHEDULED, actor=actor,
                    description=f"{meeting.get_kind_display()}, {when:%d-%m-%Y %H:%M}")
    sync_case_permissions(case)
    if _should_invite(meeting):
        invitations.enqueue_invitations(meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, actor: User, kind: str, starts_at: datetime, ends_at: datetime, location: str = "",
    online_url: str = "",
) -> Meeting:
    """Change time, place or kind; invitees get an updated invitation (same UID, higher SEQUENCE)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise NotAllowed(_("Dit overleg is geannuleerd en kan niet meer worden gewijzigd."))
    if ends_at <= starts_at:
        raise NotAllowed(_("Het einde van het overleg ligt vóór het begin."))
    new = {"kind": kind, "starts_at": starts_at, "ends_at": ends_at, "location": location,
           "online_url": online_url}
    changed = [name for name, value in new.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, new[name])
    meeting.ical_sequence += 1
    meeting.save(update_fields=[*changed, "ical_sequence", "updated_at"])
    when = timezone.localtime(meeting.starts_at)
    timeline.record(meeting.case, PlanningEvent.MEETING_CHANGED, actor=actor,
                    description=f"{meeting.get_kind_display()}, {when:%d-%m-%Y %H:%M}")
    if _should_invite(meeting):
        invitations.enqueue_invitations(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, reason: str) -> Meeting:
    """Cancel the meeting: invitees get METHOD:CANCEL; invitations no longer grant the partner view."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("case").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    was_upcoming = _should_invite(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()[:300]
    meeting.ical_sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "ical_sequence", "updated_at"])
    timeline.record(meeting.case, PlanningEvent.MEETING_CANCELLED, actor=actor, description=meeting.cancel_reason)
    sync_case_permissions(meeting.case)
    if was_upcoming:
        invitations.enqueue_invitations(meeting, method=invitations.CANCEL)
    return meeting


@transaction.atomic
def meeting_record(
    *, meeting: Meeting, actor: User, minutes: str, attendance: dict[int, str] | None = None,
    seats: dict[int, tuple[str, str]] | None = None, notes: dict[str, str] | None = None,
    decisions: dict[str, list[str]] | None = None, **checklist: bool
) -> Meeting:
    """Record how the meeting went: per agenda part a–d whether it was discussed, the notes and the
    decisions taken under it; the seven success conditions; who attended, in which role and on whose
    behalf (`seats`: invitee id → (role, on behalf of)); the general minutes. Marks the meeting as held —
    only from its start time on.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("case").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise NotAllowed(_("Dit overleg is geannuleerd; er is geen verslag van te maken."))
    if meeting.starts_at > timezone.now():
        when = timezone.localtime(meeting.starts_at)
        raise NotAllowed(_("Dit overleg begint pas op %(d)s. Het verslag kan worden vastgelegd vanaf de begintijd.")
                         % {"d": f"{when:%d-%m-%Y %H:%M}"})
    unknown = set(checklist) - set(AGENDA_FIELDS) - set(SUCCESS_CONDITION_FIELDS)
    unknown |= set(notes or {}) - set(AGENDA_NOTE_FIELDS)
    unknown |= set(decisions or {}) - {letter for letter, _label in AGENDA_LETTERS}
    if unknown:
        raise TypeError(f"unknown checklist fields: {sorted(unknown)}")
    meeting.minutes = minutes
    for name, value in checklist.items():
        setattr(meeting, name, bool(value))
    for name, value in (notes or {}).items():
        setattr(meeting, name, value.strip())
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["minutes", "status", *checklist, *(notes or {}), "updated_at"])
    for invitee_id, value in (attendance or {}).items():
        meeting.invitees.filter(pk=invitee_id).update(attendance=value)
    for invitee_id, (seat_role, on_behalf_of) in (seats or {}).items():
        meeting.invitees.filter(pk=invitee_id).update(seat_role=seat_role.strip()[:100],
                                                      on_behalf_of=on_behalf_of.strip()[:150])
    Decision.objects.bulk_create([
        Decision(meeting=meeting, text=text.strip(), agenda_part=letter)
        for letter, texts in (decisions or {}).items() for text in texts if text.strip()
    ])
    timeline.record(meeting.case, PlanningEvent.MEETING_RECORDED, actor=actor,
                    description=_("agenda a t/m d besproken") if meeting.covers_agenda else "")
    return meeting


@transaction.atomic
def voice_record(*, meeting: Meeting, actor: User, mode: str, person=None, name: str = "",
                 represented_by: str = "", not_heard_reason: str = "", own_words: str = "") -> YouthVoice:
    """Record how the youth or a parent took part in the overleg, and their own words."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise NotAllowed(_("Dit overleg is geannuleerd."))
    if person is not None and person.case_id != meeting.case_id:
        raise NotAllowed(_("Deze persoon hoort niet bij deze casus."))
    if person is None and not name.strip():
        raise NotAllowed(_("Zeg wie het is: kies een persoon van de casus of vul een naam in."))
    if mode == VoiceMode.REPRESENTED and not represented_by.strip():
        raise NotAllowed(_("Zeg door wie de jeugdige of ouder werd vertegenwoordigd."))
    if mode == VoiceMode.NOT_HEARD and not not_heard_reason.strip():
        raise NotAllowed(_("Zeg waarom de jeugdige of ouder niet is gehoord."))
    voice = YouthVoice.objects.create(
        meeting=meeting, person=person, name="" if person else name.strip(), mode=mode,
        represented_by=represented_by.strip() if mode == VoiceMode.REPRESENTED else "",
        not_heard_reason=not_heard_reason.strip() if mode == VoiceMode.NOT_HEARD else "",
        own_words=own_words.strip(), recorded_by=actor)
    timeline.record(meeting.case, PlanningEvent.VOICE_RECORDED, actor=actor, description=voice.get_mode_display())
    return voice


@transaction.atomic
def voice_delete(*, voice: YouthVoice, actor: User) -> None:
    timeline.record(voice.meeting.case, PlanningEvent.VOICE_RECORDED, actor=actor,
                    description=_("verwijderd: %(m)s") % {"m": voice.get_mode_display()})
    voice.delete()


@transaction.atomic
def invitee_add(*, meeting: Meeting, actor: User, **fields) -> MeetingInvitee:
    """Invite one more person; they get the invitation with every attendee listed."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise NotAllowed(_("Dit overleg is geannuleerd."))
    invitee = MeetingInvitee.objects.create(meeting=meeting, **_invitee_fields(fields))
    timeline.record(meeting.case, PlanningEvent.INVITEE_ADDED, actor=actor, description=invitee.display_name)
    sync_case_permissions(meeting.case)
    if _should_invite(meeting):
        invitations.enqueue_invitations(meeting, invitee_ids=[invitee.pk])
    return invitee


@transaction.atomic
def invitee_remove(*, invitee: MeetingInvitee, actor: User) -> None:
    """Take someone off the list; if they were invited, they get a cancellation for their calendar."""
    meeting = invitee.meeting
    if invitee.invited_at and _should_invite(meeting):
        invitations.send_cancellation_to(meeting, invitee)
    timeline.record(meeting.case, PlanningEvent.INVITEE_REMOVED, actor=actor, description=invitee.display_name)
    invitee.delete()
    sync_case_permissions(meeting.case)


@transaction.atomic
def decision_add(*, meeting: Meeting, actor: User, text: str, agenda_part: str = "") -> Decision:
    """Record a decision of the meeting (it can later become an activity of the plan)."""
    decision = Decision.objects.create(meeting=meeting, text=text, agenda_part=agenda_part)
    timeline.record(meeting.case, PlanningEvent.DECISION_ADDED, actor=actor)
    return decision


def invitee_for_token(token: str) -> MeetingInvitee | None:
    """The invitee a single-use answer link belongs to (None when unknown, used or replaced)."""
    if not token:
        return None
    return (MeetingInvitee.objects.select_related("meeting__case__region", "meeting__organizer", "organisation")
            .filter(rsvp_token_hash=invitations.token_hash(token)).first())


@transaction.atomic
def invitation_answer(*, invitee: MeetingInvitee, answer: str, actor: User | None, note: str = "") -> MeetingInvitee:
    """Accept or decline an invitation (in the app, or through the link: `actor` None). The link is
    used up; the procesregisseur sees the reply on the meeting page and gets a notification."""
    invitee = MeetingInvitee.objects.select_for_update(of=("self",)).select_related(
        "meeting__case", "meeting__organizer").get(pk=invitee.pk)
    meeting = invitee.meeting
    if answer not in (RsvpStatus.ACCEPTED, RsvpStatus.DECLINED):
        raise NotAllowed(_("Kies of u komt of niet."))
    if meeting.status != MeetingStatus.PLANNED or meeting.ends_at <= timezone.now():
        raise NotAllowed(_("Dit overleg is voorbij of geannuleerd; antwoorden kan niet meer."))
    invitee.rsvp, invitee.rsvp_at, invitee.rsvp_note = answer, timezone.now(), note.strip()[:300]
    invitee.rsvp_token_hash = ""
    invitee.save(update_fields=["rsvp", "rsvp_at", "rsvp_note", "rsvp_token_hash"])
    timeline.record(meeting.case, PlanningEvent.INVITATION_ANSWERED, actor=actor, touch_case=False,
                    description=f"{invitee.display_name}: {invitee.get_rsvp_display()}")
    organizer = meeting.organizer or meeting.case.procesregisseur
    if organizer is not None:
        notify(recipient=organizer, case=meeting.case, kind="general", email=False,
               title=_("Antwoord op uitnodiging %(ref)s: %(a)s") % {"ref": meeting.case.reference,
                                                                   "a": invitee.get_rsvp_display()},
               url=reverse("planning:meeting_detail",
                           kwargs={"case_uuid": meeting.case.uuid, "meeting_id": meeting.pk}))
    return invitee


@transaction.atomic
def invitation_handed_over(*, invitee: MeetingInvitee, actor: User) -> MeetingInvitee:
    """An invitee without an e-mail address got the printed invitation (by post or by hand)."""
    meeting = invitee.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise NotAllowed(_("Dit overleg is geannuleerd."))
    MeetingInvitee.objects.filter(pk=invitee.pk).update(invited_at=timezone.now(),
                                                        invited_sequence=meeting.ical_sequence)
    invitations.disclose_invitation(meeting, invitee, actor=actor)
    timeline.record(meeting.case, PlanningEvent.INVITEE_ADDED, actor=actor, touch_case=False,
                    description=_("uitnodiging op papier: %(n)s") % {"n": invitee.display_name})
    invitee.refresh_from_db()
    return invitee
