"""In-app notifications and the one e-mail outbox.

`Notification` moved here from `monitoring` without touching its table (`monitoring_notification`).
`OutboxMessage` holds every e-mail the product sends, as the exact bytes that go to the relay,
with a `Message-ID` fixed when the row is written: a resend is the same message, not a new one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from notifications.constants import EmailStatus, MessageKind, NotificationKind, OutboxStatus


class Notification(models.Model):
    """What a user is told, in the app (the bell) and by e-mail. Texts name the case reference only."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # A copy of the outcome of this notification's outbox message (for the in-app list).
    email_status = models.CharField(max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_attempt_at = models.DateTimeField(default=timezone.now)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "monitoring_notification"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="monitoring__recipie_aebe12_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["email_next_attempt_at"], condition=Q(email_status="pending"),
                         name="notification_email_pending"),
        ]

    def __str__(self):
        return self.title


class OutboxMessage(models.Model):
    """One e-mail, written in the transaction that causes it and delivered by `notifications.delivery`.

    `raw` is the complete RFC 5322 message (headers with the fixed Message-ID, body, attachments);
    `recipients` the envelope addresses. `status` goes pending → sending → sent, or back to pending
    with a later `next_attempt_at` after a failure, and to failed after `retry_until`.
    """

    message_id = models.CharField(max_length=250)  # unique: see Meta.constraints
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    ref = models.CharField(max_length=80, blank=True)  # e.g. "invitee:12" (who reads it: that app)
    subject = models.CharField(_("onderwerp"), max_length=300)
    recipients = models.JSONField(default=list)
    from_email = models.CharField(max_length=250)
    raw = models.BinaryField()
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="outbox_messages")
    # Found through the composite indexes below, which lead with them: no index of their own.
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="outbox_messages",
                             db_index=False)
    region = models.ForeignKey("zvh.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               db_index=False)
    status = models.CharField(_("status"), max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    retry_until = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    claim = models.CharField(max_length=36, blank=True)  # the delivery attempt that set "sending"
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("foutmelding"), max_length=500, blank=True)
    # Sent again after a crash in which the relay may already have accepted it (see README).
    possible_duplicate = models.BooleanField(default=False)
    resent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    resent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mail")
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="outbox_due"),
            models.Index(fields=["sending_started_at"], condition=Q(status="sending"), name="outbox_sending"),
            models.Index(fields=["region", "status", "created_at"], name="outbox_region_status"),
            models.Index(fields=["case", "status"], name="outbox_case_status"),
            # Looked up by equality only: a plain B-tree, without PostgreSQL's extra `_like` index that
            # `unique=True` and `db_index=True` on a CharField add (every insert paid for both).
            models.Index(fields=["ref"], name="outbox_ref"),
        ]
        constraints = [models.UniqueConstraint(fields=["message_id"], name="outbox_message_id_unique")]

    def __str__(self):
        return self.subject
