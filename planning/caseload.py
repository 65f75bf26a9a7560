"""What planning adds to the rows of the case lists: the next meeting and the oldest overdue activity."""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.caseload import ACTION, CaseListProvider, RowItem
from planning.constants import ActivityStatus, MeetingStatus
from planning.models import Activity, Meeting

OPEN_ACTIVITY = [ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS]


def _next_meetings():
    return Meeting.objects.filter(case=OuterRef("pk"), status=MeetingStatus.PLANNED, ends_at__gte=timezone.now())


def _overdue_activities(today):
    return Activity.objects.filter(scenario__plan__case=OuterRef("pk"), status__in=OPEN_ACTIVITY,
                                   scenario__kind=F("scenario__plan__active_scenario"), due_date__lt=today)


def annotate(queryset, today):
    meetings = _next_meetings().order_by("starts_at")
    return queryset.annotate(
        next_meeting_at=Subquery(meetings.values("starts_at")[:1]),
        next_meeting_id=Subquery(meetings.values("pk")[:1]),
        overdue_activity_on=Subquery(_overdue_activities(today).order_by("due_date").values("due_date")[:1]),
    )


def attention(today):
    week = timezone.now() + timedelta(days=7)
    return [(1, Exists(_overdue_activities(today))), (2, Exists(_next_meetings().filter(starts_at__lte=week)))]


def describe(case, today):
    items = []
    if getattr(case, "next_meeting_at", None):
        url = reverse("planning:meeting_detail", kwargs={"case_uuid": case.uuid, "meeting_id": case.next_meeting_id})
        items.append(RowItem(ACTION, _("Overleg"), timezone.localdate(case.next_meeting_at), url=url))
    if getattr(case, "overdue_activity_on", None):
        items.append(RowItem(ACTION, _("Activiteit over de deadline"), case.overdue_activity_on, overdue=True,
                             url=reverse("planning:plan_detail", kwargs={"case_uuid": case.uuid})))
    return items


PROVIDER = CaseListProvider(annotate=annotate, attention=attention, describe=describe)
