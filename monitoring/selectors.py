"""Reads for the monitoring part of the case page and the notification bell (bounded queries)."""

from django.db.models import F, Prefetch

from monitoring.constants import CLOSE_OUT_CRITERIA
from monitoring.models import (
    CheckIn,
    CloseOut,
    Escalation,
    Evaluation,
    MonitoringArrangement,
    Notification,
    ProgressNote,
)


def case_context(case, perms) -> dict:
    """Check-ins, escalations and the monitoring arrangement of a case: three queries."""
    if not perms & {"view_case", "record_progress"}:
        return {}
    return {
        # Open moments first (soonest on top), then the last ones done.
        "checkins": list(CheckIn.objects.filter(case=case).select_related("assignee", "done_by")
                         .prefetch_related(Prefetch("notes", ProgressNote.objects.select_related("goal", "activity")))
                         .order_by(F("done_at").desc(nulls_first=True), "scheduled_on")[:20]),
        "escalations": list(Escalation.objects.filter(case=case).select_related("raised_by")[:10]),
        "arrangement": MonitoringArrangement.objects.filter(case=case).first(),
        "close_out": CloseOut.objects.filter(case=case).select_related("handover_organisation").first(),
        "evaluation": Evaluation.objects.filter(case=case).first(),
        "close_out_criteria": CLOSE_OUT_CRITERIA,
    }


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def latest_notifications(user, limit=5):
    return list(Notification.objects.filter(recipient=user).select_related("case")[:limit])
