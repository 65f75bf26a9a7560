from celery import shared_task

from privacy.access_hooks import sync_expired_consents
from privacy.retention import apply_retention


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=3600, time_limit=3660)
def retention_daily() -> int:
    """Anonymise the closed cases past their region's retention term (idempotent)."""
    return apply_retention().count


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=600, time_limit=660)
def consent_expiry_daily() -> int:
    """End the access of partners whose sharing rested on a consent that has expired."""
    return sync_expired_consents()
