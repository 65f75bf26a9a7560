"""The reminder sweep: find what is due, remind each person once, deliver e-mail with back-off.

The database is the source of truth, not the broker. Celery beat triggers `sweep` every minute;
a sweep claims due rows with `select_for_update(skip_locked=True)` so concurrent sweeps split
the work, and records each reminder under the unique constraint `reminder_once` (kind, subject,
due date, recipient) in the same transaction as its notification. Running a sweep twice, two
sweeps at once, a second beat, or a sweep redelivered after a worker crash therefore never
reminds anyone twice, and a sweep that did not run is made good by the next one.

Every scan selects only due rows through an index, so its cost grows with what is due, not with
the size of the database.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.constants import CaseStage
from cases.models import Case
from monitoring.constants import (
    ACKNOWLEDGE_WITHIN,
    CHECKIN_OVERDUE_AFTER_DAYS,
    EMAIL_MAX_ATTEMPTS,
    EmailStatus,
    NotificationKind,
)
from monitoring.models import CheckIn, Escalation, Notification, Reminder, SweepHeartbeat
from monitoring.services import notify
from zvh.constants import Function
from zvh.models import User

logger = logging.getLogger(__name__)
BATCH = 500


@dataclass(frozen=True)
class Due:
    kind: str
    subject: str
    due_date: date
    recipient_id: int
    case: Case
    title: str


def _remind(items: list[Due]) -> int:
    """Record and notify each due reminder that was not given yet. Returns how many are new."""
    if not items:
        return 0
    existing = set(
        Reminder.objects.filter(subject__in={i.subject for i in items}, kind__in={i.kind for i in items})
        .values_list("kind", "subject", "due_date", "recipient_id")
    )
    recipients = User.objects.in_bulk({i.recipient_id for i in items})
    created = 0
    for item in items:
        if (item.kind, item.subject, item.due_date, item.recipient_id) in existing:
            continue
        recipient = recipients.get(item.recipient_id)
        if recipient is None or not recipient.is_active:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(kind=item.kind, subject=item.subject, due_date=item.due_date,
                                                   recipient=recipient, case=item.case)
                reminder.notification = notify(recipient=recipient, case=item.case, kind=item.kind,
                                               title=item.title, deliver_now=False)
                reminder.save(update_fields=["notification"])
        except IntegrityError:
            continue  # another sweep gave this reminder in the meantime
        created += 1
    return created


def _claimed(queryset):
    """Lock the due rows for this sweep; rows another sweep holds are skipped, not waited for."""
    return list(queryset.select_for_update(skip_locked=True, of=("self",))[:BATCH])


def scan_checkins(today: date) -> int:
    """Due check-ins remind whoever does them; overdue ones also the procesregisseur."""
    with transaction.atomic():
        due = _claimed(
            CheckIn.objects.filter(done_at__isnull=True, scheduled_on__lte=today,
                                   case__stage__in=[CaseStage.MONITORING, CaseStage.AFSCHALEN])
            .select_related("case").order_by("scheduled_on", "pk")
        )
        items = []
        for checkin in due:
            case = checkin.case
            recipient_id = checkin.assignee_id or case.procesregisseur_id
            if recipient_id:
                items.append(Due(NotificationKind.CHECKIN_DUE, f"checkin:{checkin.pk}", checkin.scheduled_on,
                                 recipient_id, case,
                                 _("Monitormoment %(ref)s staat gepland op %(d)s") % {
                                     "ref": case.reference, "d": checkin.scheduled_on.strftime("%d-%m-%Y")}))
            if checkin.scheduled_on <= today - timedelta(days=CHECKIN_OVERDUE_AFTER_DAYS) and case.procesregisseur_id:
                items.append(Due(NotificationKind.CHECKIN_OVERDUE, f"checkin:{checkin.pk}", checkin.scheduled_on,
                                 case.procesregisseur_id, case,
                                 _("Monitormoment %(ref)s van %(d)s is nog niet vastgelegd") % {
                                     "ref": case.reference, "d": checkin.scheduled_on.strftime("%d-%m-%Y")}))
        return _remind(items)


def scan_activities(today: date) -> int:
    """Activities past their deadline remind their owner and the casusregisseur."""
    from planning.constants import ActivityStatus
    from planning.models import Activity

    with transaction.atomic():
        due = _claimed(
            Activity.objects.filter(due_date__lt=today, status__in=[ActivityStatus.PLANNED,
                                                                    ActivityStatus.IN_PROGRESS],
                                    scenario__plan__case__stage=CaseStage.MONITORING)
            .select_related("scenario__plan__case").order_by("due_date", "pk")
        )
        items = []
        for activity in due:
            plan = activity.scenario.plan
            if activity.scenario.kind != plan.active_scenario:
                continue
            title = _("Activiteit in %(ref)s is over de deadline (%(d)s)") % {
                "ref": plan.case.reference, "d": activity.due_date.strftime("%d-%m-%Y")}
            for recipient_id in {activity.responsible_user_id, plan.casusregisseur_id} - {None}:
                items.append(Due(NotificationKind.ACTIVITY_OVERDUE, f"activity:{activity.pk}", activity.due_date,
                                 recipient_id, plan.case, title))
        return _remind(items)


def scan_escalations(now) -> int:
    """Unacknowledged escalations: the procesregisseur after the window, the managers after twice it."""
    shortest = min(ACKNOWLEDGE_WITHIN.values())
    with transaction.atomic():
        due = _claimed(
            Escalation.objects.filter(acknowledged_at__isnull=True, raised_at__lte=now - shortest)
            .select_related("case").order_by("raised_at", "pk")
        )
        managers: dict[int, list[int]] = {}
        items = []
        for escalation in due:
            window = ACKNOWLEDGE_WITHIN[escalation.urgency]
            case = escalation.case
            raised_on = timezone.localdate(escalation.raised_at)
            subject = f"escalation:{escalation.pk}"
            if escalation.raised_at <= now - window and case.procesregisseur_id:
                items.append(Due(NotificationKind.ESCALATION_UNACKNOWLEDGED, subject, raised_on,
                                 case.procesregisseur_id, case,
                                 _("Opschaling in %(ref)s is nog niet opgepakt") % {"ref": case.reference}))
            if escalation.raised_at <= now - 2 * window:
                if case.region_id not in managers:
                    managers[case.region_id] = list(User.objects.filter(
                        region_id=case.region_id, function=Function.MANAGER, is_active=True
                    ).values_list("pk", flat=True))
                for manager_id in managers[case.region_id]:
                    items.append(Due(NotificationKind.ESCALATION_TO_MANAGER, subject, raised_on, manager_id, case,
                                     _("Een opschaling in uw regio (%(ref)s) blijft liggen") % {
                                         "ref": case.reference}))
        return _remind(items)


def scan_stagnation(now) -> int:
    """Cases in monitoring without activity for CASE_STAGNATION_DAYS: the procesregisseur is told once
    per stagnation period (the due date moves when activity resumes)."""
    days = settings.CASE_STAGNATION_DAYS
    with transaction.atomic():
        due = _claimed(
            Case.objects.filter(stage=CaseStage.MONITORING, last_activity_at__lte=now - timedelta(days=days),
                                procesregisseur__isnull=False).order_by("last_activity_at", "pk")
        )
        items = [
            Due(NotificationKind.STAGNATING, f"case:{case.pk}",
                timezone.localdate(case.last_activity_at) + timedelta(days=days), case.procesregisseur_id, case,
                _("%(ref)s stagneert: al %(n)s dagen geen voortgang vastgelegd") % {"ref": case.reference, "n": days})
            for case in due
        ]
        return _remind(items)


def sweep(now=None) -> int:
    """Run every scan once; safe to run at any time, any number of times, concurrently."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    SweepHeartbeat.objects.update_or_create(name="reminders", defaults={"last_started_at": now})
    created = scan_checkins(today) + scan_activities(today) + scan_escalations(now) + scan_stagnation(now)
    SweepHeartbeat.objects.filter(name="reminders").update(
        last_finished_at=timezone.now(), last_created=created, runs=F("runs") + 1
    )
    return created


def sweep_is_stale(now=None, *, minutes: int = 10) -> bool:
    """True when the sweep has not finished for `minutes`: reminders have stopped."""
    now = now or timezone.now()
    last = SweepHeartbeat.objects.filter(name="reminders").values_list("last_finished_at", flat=True).first()
    return last is None or last < now - timedelta(minutes=minutes)


# -- e-mail -----------------------------------------------------------------------------------

def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def deliver_pending_email(now=None, *, limit: int = 200) -> int:
    """Send pending notification e-mails, one row at a time under a skip-locked claim.

    A failure is retried later with exponential back-off (1, 2, 4 … 60 minutes) and never holds
    up the others; after EMAIL_MAX_ATTEMPTS the e-mail is marked failed (the in-app notification
    stays). Returns how many were sent.
    """
    sent = 0
    for _i in range(limit):
        now_ = now or timezone.now()
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(email_status=EmailStatus.PENDING, email_next_attempt_at__lte=now_)
                .select_related("recipient").order_by("email_next_attempt_at", "pk").first()
            )
            if notification is None:
                break
            try:
                send_mail(
                    subject=f"[ZVH Procesregie] {notification.title}",
                    message=_email_body(notification),
                    from_email=None,
                    recipient_list=[notification.recipient.email],
                )
            except Exception as error:  # noqa: BLE001 - any transport error: retry later
                notification.email_attempts += 1
                notification.email_error = str(error)[:300]
                if notification.email_attempts >= EMAIL_MAX_ATTEMPTS:
                    notification.email_status = EmailStatus.FAILED
                notification.email_next_attempt_at = now_ + _backoff(notification.email_attempts)
                logger.warning("E-mail for notification %s failed (attempt %s): %s", notification.pk,
                               notification.email_attempts, error)
            else:
                notification.email_status = EmailStatus.SENT
                notification.email_sent_at = now_
                notification.email_attempts += 1
                notification.email_error = ""
                sent += 1
            notification.save(update_fields=["email_status", "email_attempts", "email_next_attempt_at",
                                             "email_sent_at", "email_error"])
    return sent


def _email_body(notification: Notification) -> str:
    link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else settings.SITE_URL
    return "\n\n".join(part for part in [
        notification.title, notification.body,
        _("Bekijk het in ZVH Procesregie: %(link)s") % {"link": link},
        _("Deze e-mail bevat bewust geen persoonsgegevens."),
    ] if part)


