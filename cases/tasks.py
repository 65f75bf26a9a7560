"""Periodic work of the access policy: stand-in periods start and end, and nightly reconciliation."""

from celery import shared_task
from django.conf import settings

from cases.permissions import apply_stand_in_periods, reconcile_all


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=600, time_limit=660)
def stand_ins_hourly() -> int:
    """Start and end stand-in access on the day a period starts or ends (idempotent)."""
    return apply_stand_in_periods()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=3 * 3600,
             time_limit=settings.LONGEST_TASK_SECONDS)
def reconcile_permissions_nightly() -> int:
    """Recompute every case's permissions and repair drift; returns the rows changed (0 expected)."""
    run = reconcile_all()
    return run.rows_added + run.rows_removed
