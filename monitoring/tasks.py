"""Celery tasks: thin wrappers around the sweep and the e-mail delivery.

Both are idempotent and safe to run concurrently; they use late acknowledgement and are
rejected (re-queued) when a worker dies, and beat re-triggers the sweep every minute anyway.
"""

from celery import shared_task

from monitoring import reminders


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep() -> int:
    """Give every due reminder (once), then send pending e-mail."""
    created = reminders.sweep()
    reminders.deliver_pending_email()
    return created


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_notifications() -> int:
    """Send pending notification e-mails now (enqueued after a notification is committed)."""
    return reminders.deliver_pending_email()
