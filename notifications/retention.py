"""How long the outbox keeps a message: it holds the recipient's address and the whole mail."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from notifications.constants import OutboxStatus
from notifications.models import OutboxMessage


def purge_outbox(now=None) -> int:
    """Delete messages sent more than OUTBOX_KEEP_SENT_DAYS ago and failed ones older than
    OUTBOX_KEEP_FAILED_DAYS. Pending and sending messages are never deleted."""
    now = now or timezone.now()
    sent_before = now - timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    failed_before = now - timedelta(days=settings.OUTBOX_KEEP_FAILED_DAYS)
    deleted, _ = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.SENT, sent_at__lt=sent_before)
        | Q(status=OutboxStatus.FAILED, created_at__lt=failed_before)
    ).delete()
    return deleted
