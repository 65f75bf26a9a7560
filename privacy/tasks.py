from celery import shared_task

from privacy.retention import apply_retention


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def retention_daily() -> int:
    """Anonymise the closed cases past their region's retention term (idempotent)."""
    return apply_retention().count
