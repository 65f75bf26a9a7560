"""What monitoring adds to the rows of the case lists: the next check-in and an open escalation."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.caseload import ACTION, ALERT, CaseListProvider, RowItem
from monitoring.models import CheckIn, Escalation


def _open_checkins():
    return CheckIn.objects.filter(case=OuterRef("pk"), done_at__isnull=True)


def _open_escalations():
    return Escalation.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True)


def annotate(queryset, today):
    checkins = _open_checkins().order_by("scheduled_on", "pk")
    return queryset.annotate(
        next_checkin_on=Subquery(checkins.values("scheduled_on")[:1]),
        next_checkin_id=Subquery(checkins.values("pk")[:1]),
        escalation_since=Subquery(_open_escalations().order_by("raised_at").values("raised_at")[:1]),
    )


def attention(today):
    return [(0, Exists(_open_escalations())), (1, Exists(_open_checkins().filter(scheduled_on__lte=today))),
            (2, Exists(_open_checkins().filter(scheduled_on__lte=today + timedelta(days=7))))]


def describe(case, today):
    items = []
    if getattr(case, "escalation_since", None):
        days = (today - timezone.localdate(case.escalation_since)).days
        label = ngettext("Opschaling open, %(n)d dag", "Opschaling open, %(n)d dagen", days) % {"n": days}
        items.append(RowItem(ALERT, label, timezone.localdate(case.escalation_since), overdue=True,
                             url=reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}) + "#monitoring"))
    if getattr(case, "next_checkin_on", None):
        url = reverse("monitoring:checkin_record", kwargs={"case_uuid": case.uuid,
                                                           "checkin_id": case.next_checkin_id})
        items.append(RowItem(ACTION, _("Monitormoment"), case.next_checkin_on,
                             overdue=case.next_checkin_on < today, url=url))
    return items


PROVIDER = CaseListProvider(annotate=annotate, attention=attention, describe=describe)
