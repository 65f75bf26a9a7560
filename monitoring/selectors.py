"""Reads for the monitoring part of the case page and the notification bell (bounded queries)."""

from monitoring.models import CheckIn, Escalation, MonitoringArrangement, Notification


def case_context(case, perms) -> dict:
    """Check-ins, escalations and the monitoring arrangement of a case: three queries."""
    if not perms & {"view_case", "record_progress"}:
        return {}
    return {
        "checkins": list(CheckIn.objects.filter(case=case).select_related("assignee", "done_by")
                         .prefetch_related("notes").order_by("-scheduled_on")[:20]),
        "escalations": list(Escalation.objects.filter(case=case).select_related("raised_by")[:10]),
        "arrangement": MonitoringArrangement.objects.filter(case=case).first(),
    }


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def latest_notifications(user, limit=5):
    return list(Notification.objects.filter(recipient=user).select_related("case")[:limit])
