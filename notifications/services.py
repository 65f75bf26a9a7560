"""Writes of the notifications app: tell a user something, and resend e-mail that did not arrive."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from notifications import clock
from notifications.constants import EmailStatus, MessageKind, OutboxStatus
from notifications.models import Notification, OutboxMessage
from notifications.outbox import enqueue_delivery, outbox_add, outbox_row
from zvh.models import User
from zvh.routing import reverse_many

SUBJECT_PREFIX = "[ZVH Procesregie]"


def case_url(case: Case) -> str:
    return reverse_many("cases:case_detail", case_uuid=case.uuid)


def notify(*, recipient: User, kind: str, title: str, body: str = "", case: Case | None = None,
           url: str = "", email: bool = True, deliver_now: bool = True) -> Notification:
    """Tell `recipient` something: in the app at once, and by e-mail through the outbox.

    The notification and its outbox message are written in the caller's transaction. With
    `deliver_now=False` no delivery run is enqueued (the reminder sweep enqueues one for all).
    Texts carry the case reference, never personal data: e-mail leaves the care network.
    """
    with_email = email and bool(recipient.email)
    notification = Notification.objects.create(
        recipient=recipient, case=case, kind=kind, title=title[:200], body=body,
        url=url or (case_url(case) if case else ""),
        email_status=EmailStatus.PENDING if with_email else EmailStatus.SKIPPED,
    )
    if with_email:
        message = EmailMessage(subject=f"{SUBJECT_PREFIX} {notification.title}", body=email_body(notification),
                               to=[recipient.email])
        outbox_add(message, kind=MessageKind.NOTIFICATION, ref=f"notification:{notification.pk}",
                   notification=notification, case=case,
                   region_id=case.region_id if case else recipient.region_id, enqueue=deliver_now)
    return notification


def notify_many(entries: list[dict]) -> list[Notification]:
    """`notify(..., deliver_now=False)` for many at once: one insert for the notifications and one for
    their e-mail (the reminder sweep with a backlog). Each entry holds notify's keyword arguments;
    the caller enqueues delivery. Returns the notifications in the order of `entries`."""
    notifications = []
    for entry in entries:
        recipient, case = entry["recipient"], entry.get("case")
        with_email = entry.get("email", True) and bool(recipient.email)
        notifications.append(Notification(
            recipient=recipient, case=case, kind=entry["kind"], title=entry["title"][:200],
            body=entry.get("body", ""), url=entry.get("url") or (case_url(case) if case else ""),
            email_status=EmailStatus.PENDING if with_email else EmailStatus.SKIPPED))
    Notification.objects.bulk_create(notifications)
    rows = [
        outbox_row(EmailMessage(subject=f"{SUBJECT_PREFIX} {n.title}", body=email_body(n), to=[n.recipient.email]),
                   kind=MessageKind.NOTIFICATION, ref=f"notification:{n.pk}", notification=n, case=n.case,
                   region_id=n.case.region_id if n.case else n.recipient.region_id)
        for n in notifications if n.email_status == EmailStatus.PENDING and not (n.case and n.case.is_practice)
    ]
    OutboxMessage.objects.bulk_create(rows)
    return notifications


def email_body(notification: Notification) -> str:
    link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else settings.SITE_URL
    return "\n\n".join(part for part in [
        notification.title, notification.body,
        _("Bekijk het in ZVH Procesregie: %(link)s") % {"link": link},
        _("Deze e-mail bevat bewust geen persoonsgegevens."),
    ] if part)


def _resend(queryset, actor: User) -> int:
    now = timezone.now()
    count = queryset.filter(status__in=[OutboxStatus.FAILED, OutboxStatus.PENDING]).update(
        status=OutboxStatus.PENDING, next_attempt_at=clock.now(), retry_until=clock.now() + settings.OUTBOX_RETRY_FOR,
        resent_by=actor, resent_at=now)
    if count:
        Notification.objects.filter(outbox_messages__in=queryset, email_status=EmailStatus.FAILED).update(
            email_status=EmailStatus.PENDING)
        enqueue_delivery()
    return count


@transaction.atomic
def outbox_resend(*, message: OutboxMessage, actor: User) -> int:
    """Send a failed or waiting message again now (same Message-ID), with a fresh 48-hour retry window.

    `message` must come from `selectors.problem_messages(actor)` (the caller's scope).
    """
    return _resend(OutboxMessage.objects.filter(pk=message.pk), actor)


@transaction.atomic
def outbox_resend_all(*, messages, actor: User) -> int:
    """Resend every failed or long-waiting message in `messages` (a queryset scoped to the actor)."""
    return _resend(OutboxMessage.objects.filter(pk__in=messages.values("pk")), actor)
