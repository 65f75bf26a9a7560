"""Writes on the overleg: meetings, their invitees and invitations, the verslag and decisions.

Called by the views, the demo seeder and the tests alike. Those that change who is invited end with
`sync_case_permissions`. The plan van aanpak is written by `planning.services`.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import timeline
from cases.models import Case
from cases.permissions import sync_case_permissions
from planning import invitations
from planning.common import MEETING_STAGES, NotAllowed, require_stage
from planning.constants import (
    AGENDA_FIELDS,
    SUCCESS_CONDITION_FIELDS,
    InviteeRole,
    MeetingStatus,
    PlanningEvent,
)
from planning.models import Decision, Meeting, MeetingInvitee
from zvh.models import User

__all__ = [
    "NotAllowed",
    "decision_add",
    "invitee_add",
    "invitee_remove",
    "meeting_cancel",
    "meeting_record",
    "meeting_schedule",
    "meeting_update",
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
    *, meeting: Meeting, actor: User, minutes: str, attendance: dict[int, str] | None = None, **checklist: bool
) -> Meeting:
    """Record how the meeting went: minutes, agenda parts discussed (a–d), the seven success
    conditions and who attended. Marks the meeting as held.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("case").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise NotAllowed(_("Dit overleg is geannuleerd; er is geen verslag van te maken."))
    unknown = set(checklist) - set(AGENDA_FIELDS) - set(SUCCESS_CONDITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown checklist fields: {sorted(unknown)}")
    meeting.minutes = minutes
    for name, value in checklist.items():
        setattr(meeting, name, bool(value))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["minutes", "status", *checklist, "updated_at"])
    for invitee_id, value in (attendance or {}).items():
        meeting.invitees.filter(pk=invitee_id).update(attendance=value)
    timeline.record(meeting.case, PlanningEvent.MEETING_RECORDED, actor=actor,
                    description=_("agenda a t/m d besproken") if meeting.covers_agenda else "")
    return meeting


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
def decision_add(*, meeting: Meeting, actor: User, text: str) -> Decision:
    """Record a decision of the meeting (it can later become an activity of the plan)."""
    decision = Decision.objects.create(meeting=meeting, text=text)
    timeline.record(meeting.case, PlanningEvent.DECISION_ADDED, actor=actor)
    return decision
