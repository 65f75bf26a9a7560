"""Writes of stap 4 (monitoren): check-ins, opschaling, and the one notification service."""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, timeline
from cases import services as case_services
from cases.constants import CaseStage
from cases.models import Case
from monitoring.constants import CheckInKind, EscalationOutcome, MonitoringEvent, NotificationKind
from monitoring.models import CheckIn, Escalation, MonitoringArrangement, Notification, ProgressNote
from notifications.services import notify  # noqa: F401 - the one notification service, imported by callers
from zvh.models import User


class MonitoringRefused(access.NotAllowed):
    """A monitoring action that the rules do not allow; the message says why (Dutch)."""


def case_url(case: Case) -> str:
    return reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})


# -- notifications ----------------------------------------------------------------------------
# `notify` lives in the notifications app (notification + outbox e-mail); importable from here too.

def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those in `ids`) as read; returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def notifications_mark_handled(*, case: Case, kinds, subject: str = "") -> int:
    """What a notification announced was handled: it stops being new for every recipient.

    `subject` (e.g. "checkin:42") limits it to the reminders about that one thing.
    """
    qs = Notification.objects.filter(case=case, kind__in=list(kinds), read_at__isnull=True)
    if subject:
        qs = qs.filter(reminder__subject=subject)
    return qs.update(read_at=timezone.now())


ESCALATION_NOTICES = (NotificationKind.ESCALATION_RAISED, NotificationKind.ESCALATION_UNACKNOWLEDGED)


# -- check-ins --------------------------------------------------------------------------------

def _casusregisseur(case: Case) -> User | None:
    from planning.models import Plan

    plan = Plan.objects.filter(case=case).select_related("casusregisseur").first()
    return plan.casusregisseur if plan else None


def _adopted_on(case: Case) -> date | None:
    from planning.models import Plan

    adopted_at = Plan.objects.filter(case=case).values_list("adopted_at", flat=True).first()
    return timezone.localdate(adopted_at) if adopted_at else None


@transaction.atomic
def checkin_schedule(*, case: Case, actor: User | None, scheduled_on: date, kind: str,
                     assignee: User | None = None) -> CheckIn:
    """Plan a monitoring moment; it may not lie before the plan's adoption."""
    adopted_on = _adopted_on(case)
    if adopted_on and scheduled_on < adopted_on:
        raise MonitoringRefused(
            _("Een monitormoment kan niet vóór de vaststelling van het plan (%(d)s) liggen.")
            % {"d": adopted_on.strftime("%d-%m-%Y")}
        )
    checkin = CheckIn.objects.create(case=case, scheduled_on=scheduled_on, kind=kind,
                                     assignee=assignee or _casusregisseur(case) or case.procesregisseur)
    timeline.record(case, MonitoringEvent.CHECKIN_SCHEDULED, actor=actor, description=scheduled_on.strftime("%d-%m-%Y"),
                    touch_case=False, closed_ok=kind == CheckInKind.NAZORG and case.anonymised_at is None)
    return checkin


@transaction.atomic
def monitoring_start(*, case: Case, actor: User | None) -> None:
    """When a case enters monitoring: schedule the first check-in from the plan (if not there yet)."""
    from planning.models import Plan

    plan = Plan.objects.filter(case=case).first()
    if plan and plan.first_checkin_on and not case.checkins.filter(done_at__isnull=True).exists():
        checkin_schedule(case=case, actor=actor, scheduled_on=plan.first_checkin_on,
                         kind="phone_round", assignee=plan.casusregisseur)


@transaction.atomic
def arrangement_set(*, case: Case, actor: User, frequency_days: int | None, not_needed: bool,
                    not_needed_reason: str = "") -> MonitoringArrangement:
    """Record the monitoring rhythm, or that monitoring is not needed (with the reason, per the seed)."""
    access.ensure_writable(case)
    if not_needed and not not_needed_reason.strip():
        raise MonitoringRefused(_("Leg vast waarom monitoren niet nodig is."))
    arrangement, _created = MonitoringArrangement.objects.update_or_create(
        case=case,
        defaults={"frequency_days": None if not_needed else frequency_days, "not_needed": not_needed,
                  "not_needed_reason": not_needed_reason.strip() if not_needed else "",
                  "decided_by": actor, "decided_at": timezone.now()},
    )
    if not_needed:
        CheckIn.objects.filter(case=case, done_at__isnull=True).delete()
        timeline.record(case, MonitoringEvent.MONITORING_NOT_NEEDED, actor=actor, description=not_needed_reason)
    return arrangement


@transaction.atomic
def checkin_record(*, checkin: CheckIn, actor: User, progress: str, cooperation: str,
                   notes: list[dict] = (), next_on: date | None = None, next_kind: str = "",
                   evaluation: dict | None = None) -> CheckIn:
    """Record what a check-in found (progress per goal and activity, cooperation) and plan the next.

    Without an explicit next date the case's rhythm (frequency) plans it. `evaluation` holds the
    answers to the continuous evaluation questions (question, intention, helps, helps_note), stored
    with the check-in for the trend on the case page.
    """
    checkin = CheckIn.objects.select_for_update().select_related("case").get(pk=checkin.pk)
    if checkin.is_done:
        raise MonitoringRefused(_("Dit monitormoment is al vastgelegd."))
    # After closure only the nazorg contact is still recorded (by the procesregisseur).
    nazorg_after_closure = checkin.kind == CheckInKind.NAZORG and checkin.case.anonymised_at is None
    if not nazorg_after_closure:
        access.ensure_writable(checkin.case)
    if next_on and next_on < timezone.localdate():
        raise MonitoringRefused(_("Het volgende monitormoment kan niet in het verleden liggen."))
    checkin.done_at = timezone.now()
    checkin.done_by = actor
    checkin.progress = progress
    checkin.cooperation = cooperation
    checkin.save(update_fields=["done_at", "done_by", "progress", "cooperation"])
    ProgressNote.objects.bulk_create([ProgressNote(checkin=checkin, **note) for note in notes])
    case = checkin.case
    if evaluation:
        from planning import casework_services

        if nazorg_after_closure and case.is_closed:
            raise MonitoringRefused(_("Na het afsluiten worden de evaluatievragen niet meer beantwoord."))
        try:
            casework_services.evaluation_answer(case=case, actor=actor, checkin_id=checkin.pk, **evaluation)
        except casework_services.NotAllowed as refused:
            raise MonitoringRefused(str(refused)) from refused
    if next_on is None and not CheckIn.objects.filter(case=case, done_at__isnull=True).exists():
        # No next moment given and none planned yet: the agreed rhythm plans it.
        arrangement = MonitoringArrangement.objects.filter(case=case).first()
        if arrangement and arrangement.frequency_days:
            next_on = timezone.localdate() + timedelta(days=arrangement.frequency_days)
    if next_on:
        checkin_schedule(case=case, actor=actor, scheduled_on=next_on, kind=next_kind or checkin.kind,
                         assignee=checkin.assignee)
    timeline.record(case, MonitoringEvent.CHECKIN_DONE, actor=actor, description=checkin.get_cooperation_display(),
                    closed_ok=nazorg_after_closure)
    notifications_mark_handled(case=case, kinds=(NotificationKind.CHECKIN_DUE, NotificationKind.CHECKIN_OVERDUE),
                               subject=f"checkin:{checkin.pk}")
    return checkin


# -- opschaling -------------------------------------------------------------------------------

@transaction.atomic
def escalation_raise(*, case: Case, actor: User, reason: str, explanation: str, urgency: str) -> Escalation:
    """The casusregisseur escalates; the procesregisseur is notified at once."""
    if case.stage != CaseStage.MONITORING:
        raise MonitoringRefused(_("Opschalen kan alleen als de casus in de monitoring is."))
    if not explanation.strip():
        raise MonitoringRefused(_("Geef aan wat er vastloopt."))
    escalation = Escalation.objects.create(case=case, raised_by=actor, reason=reason,
                                           explanation=explanation.strip(), urgency=urgency)
    timeline.record(case, MonitoringEvent.ESCALATED, actor=actor, description=escalation.get_reason_display())
    # The procesregisseur, and whoever stands in for them now.
    recipients = [case.procesregisseur] if case.procesregisseur_id else []
    recipients += [s.stand_in for s in access.active_stand_ins(case).select_related("stand_in")]
    for recipient in recipients:
        notify(recipient=recipient, case=case, kind=NotificationKind.ESCALATION_RAISED,
               title=_("Opschaling in %(ref)s: %(reason)s") % {"ref": case.reference,
                                                               "reason": escalation.get_reason_display()},
               body=_("De casusregisseur schaalt op. Bekijk de casus en pak de opschaling op."))
    return escalation


@transaction.atomic
def escalation_acknowledge(*, escalation: Escalation, actor: User) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.acknowledged_at is None:
        escalation.acknowledged_at = timezone.now()
        escalation.acknowledged_by = actor
        escalation.save(update_fields=["acknowledged_at", "acknowledged_by"])
        timeline.record(escalation.case, MonitoringEvent.ESCALATION_ACKNOWLEDGED, actor=actor)
        if not Escalation.objects.filter(case=escalation.case, acknowledged_at__isnull=True).exists():
            notifications_mark_handled(case=escalation.case, kinds=ESCALATION_NOTICES)
    return escalation


@transaction.atomic
def escalation_resolve(*, escalation: Escalation, actor: User, outcome: str, note: str) -> Escalation:
    """Close the escalation: convene the overleg again (the case goes back to overleg) or otherwise.

    Either way a note is required; an unacknowledged escalation is acknowledged at the same time.
    """
    escalation = escalation_acknowledge(escalation=escalation, actor=actor)
    if escalation.resolved_at:
        raise MonitoringRefused(_("Deze opschaling is al afgehandeld."))
    if not note.strip():
        raise MonitoringRefused(_("Leg vast hoe de opschaling is afgehandeld."))
    case = escalation.case
    if outcome == EscalationOutcome.OVERLEG:
        case_services.case_transition(case=case, to=CaseStage.OVERLEG, actor=actor,
                                      reason=_("Opschaling: %(note)s") % {"note": note.strip()})
    escalation.resolved_at = timezone.now()
    escalation.resolved_by = actor
    escalation.outcome = outcome
    escalation.resolution_note = note.strip()
    escalation.save(update_fields=["resolved_at", "resolved_by", "outcome", "resolution_note"])
    timeline.record(case, MonitoringEvent.ESCALATION_RESOLVED, actor=actor,
                    description=escalation.get_outcome_display())
    if not Escalation.objects.filter(case=case, resolved_at__isnull=True).exists():
        notifications_mark_handled(case=case, kinds=(*ESCALATION_NOTICES, NotificationKind.ESCALATION_TO_MANAGER))
    if escalation.raised_by_id and escalation.raised_by_id != actor.pk:
        notify(recipient=escalation.raised_by, case=case, kind=NotificationKind.GENERAL,
               title=_("Opschaling in %(ref)s afgehandeld: %(o)s") % {"ref": case.reference,
                                                                      "o": escalation.get_outcome_display()})
    return escalation
