from celery import shared_task
from django.conf import settings

from privacy.access_hooks import sync_expired_consents
from privacy.retention import apply_retention
from zvh.deadline import queue_next_run


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=3600, time_limit=3660)
def retention_daily(resume_model: str = "", resume_after: int = 0) -> int:
    """Anonymise the closed cases past their region's retention term and re-clean anonymised cases
    (idempotent), in parts of at most RETENTION_RUN_SECONDS; the next part is queued at once."""
    result = apply_retention(limit=None, seconds=settings.RETENTION_RUN_SECONDS,
                             resume_at=(resume_model, resume_after) if resume_model else None)
    if result.resume is not None:
        model, after = result.resume
        queue_next_run(retention_daily, resume_model=model, resume_after=after)
    return result.count


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True, soft_time_limit=600, time_limit=660)
def consent_expiry_daily() -> int:
    """End the access of partners whose sharing rested on a consent that has expired."""
    return sync_expired_consents()
