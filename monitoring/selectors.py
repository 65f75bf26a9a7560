"""Reads for the monitoring part of the case page and the notification bell (bounded queries)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from monitoring.models import CheckIn, Escalation, MonitoringArrangement, Notification, ProgressNote
from planning.models import Plan


def case_context(case, perms) -> dict:
    """Check-ins, escalations and the monitoring arrangement of a case: three queries."""
    if not perms & {"view_case", "record_progress"}:
        return {}
    return {
        # Open moments first (soonest on top), then the last ones done.
        "checkins": list(CheckIn.objects.filter(case=case).select_related("assignee", "done_by")
                         .prefetch_related(Prefetch("notes", ProgressNote.objects.select_related("goal", "activity")))
                         .order_by(F("done_at").desc(nulls_first=True), "scheduled_on")[:20]),
        "escalations": list(Escalation.objects.filter(case=case)
                            .select_related("raised_by", "acknowledged_by", "resolved_by")[:10]),
        "arrangement": MonitoringArrangement.objects.filter(case=case).first(),
    }


def navigation_facts(user) -> dict:
    """What every page's navigation needs of the user, in one query: the number of unread
    notifications (partial index notification_unread) and whether they are casusregisseur of a plan."""
    unread = (Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True).order_by()
              .values("recipient").annotate(n=Count("pk")).values("n"))
    row = (get_user_model().objects.filter(pk=user.pk)
           .annotate(unread=Coalesce(Subquery(unread), 0),
                     is_casusregisseur=Exists(Plan.objects.filter(casusregisseur=OuterRef("pk"))))
           .values("unread", "is_casusregisseur").first())
    return row or {"unread": 0, "is_casusregisseur": False}


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def latest_notifications(user, limit=5):
    return list(Notification.objects.filter(recipient=user).select_related("case")[:limit])


def latest_escalation_at(case):
    """When the case was last escalated (the plan then needs a new overleg), or None."""
    return Escalation.objects.filter(case=case).order_by("-raised_at").values_list("raised_at", flat=True).first()
