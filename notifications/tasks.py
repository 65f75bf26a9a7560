"""Celery task of the outbox: deliver what is due. Enqueued after a message is committed and run
periodically by beat, so a message that was never enqueued (broker down) is still delivered."""

from celery import shared_task
from django.conf import settings

from notifications import delivery, retention


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             soft_time_limit=settings.OUTBOX_TASK_SOFT_LIMIT, time_limit=settings.OUTBOX_TASK_SOFT_LIMIT + 60)
def deliver_outbox() -> int:
    """Deliver due outbox messages (and resolve stale "sending" ones); returns how many were sent.

    Idempotent and safe to run concurrently: each message is claimed before it is sent.
    """
    return delivery.deliver_due().sent


@shared_task(ignore_result=True, soft_time_limit=600, time_limit=660)
def purge_outbox_daily() -> int:
    """Delete sent and long-failed messages past their keeping period; returns how many."""
    return retention.purge_outbox()
