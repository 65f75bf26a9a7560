"""Celery tasks: thin wrappers around the sweep.

The sweep is idempotent and safe to run concurrently; it uses late acknowledgement and is
rejected (re-queued) when a worker dies, and beat re-triggers it every minute anyway. Its e-mail
is written to the outbox in the sweep's own transactions and delivered by a separate task
(`notifications.tasks.deliver_outbox`), never inside a transaction that holds row locks.
"""

from celery import shared_task
from django.conf import settings

from monitoring import reminders
from notifications.outbox import enqueue_delivery
from zvh.deadline import queue_next_run

SWEEP_SOFT_LIMIT = 300


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             soft_time_limit=SWEEP_SOFT_LIMIT, time_limit=SWEEP_SOFT_LIMIT + 60)
def sweep() -> int:
    """Give due reminders (once) for at most REMINDER_SWEEP_SECONDS; then enqueue delivery of their
    e-mail, and when work is left, the next run right away (beat's next minute is the fallback)."""
    run = reminders.sweep_run(seconds=settings.REMINDER_SWEEP_SECONDS)
    if run.created:
        enqueue_delivery()
    if not run.complete:
        queue_next_run(sweep)
    return run.created


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=300, time_limit=360)
def deliver_notifications() -> int:
    """Deliver pending e-mail now (kept for tasks already queued under this name)."""
    return reminders.deliver_pending_email()
