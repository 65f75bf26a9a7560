"""The agenda: a user's meetings, check-ins and activity deadlines for the coming weeks.

`agenda_for(user)` reads what the user may see (a meeting of a case they work on or are invited to, a
check-in they do or follow as procesregisseur, an activity they or their cases are responsible for), in
a fixed number of queries. It is shown on the home page and at /agenda/, and offered as a personal
calendar feed: a secret, revocable URL (only its hash is stored) whose entries carry the case reference
and the kind of appointment, never personal data.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from cases.models import Case
from monitoring.constants import CheckInKind
from monitoring.models import CalendarFeed, CheckIn
from planning.constants import ActivityStatus, MeetingStatus
from planning.models import Activity, Meeting, MeetingInvitee

DEFAULT_WEEKS = 4
MAX_WEEKS = 12
FEED_PRODID = "-//ZVH Procesregie//Agenda//NL"
MEETING, CHECKIN, ACTIVITY = "meeting", "checkin", "activity"


@dataclass(frozen=True)
class AgendaItem:
    kind: str
    label: str  # the kind of appointment ("Plan-overleg", "Telefoonronde", "Deadline activiteit")
    on: date
    case: Case
    url: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    overdue: bool = False
    uid: str = ""


def _case_sets(user):
    """Ids of the cases the user may see, by what they may do there (one query)."""
    rows = Case.objects.permission_rows(user, ["view_case", "view_shared", "manage_plan"])
    sets = {"view_case": set(), "view_shared": set(), "manage_plan": set()}
    for case_id, codename in rows:
        sets[codename].add(case_id)
    return sets["view_case"], sets["view_shared"], sets["manage_plan"]


# What an agenda row shows (and the feed): the case's reference and uuid, never its wide text columns.
CASE_COLUMNS = ("uuid", "reference")


def agenda_for(user, *, today: date | None = None, weeks: int = DEFAULT_WEEKS,
               limit: int | None = None) -> list[AgendaItem]:
    """What the user has on the agenda from today for `weeks` weeks, plus what is overdue; by date.

    With `limit`, the first `limit` items of that list: each of the three queries reads no more rows
    than that, in the order the list has them.
    """
    today = today or timezone.localdate()
    end = today + timedelta(days=7 * weeks)
    view, shared, manage = _case_sets(user)
    tz = timezone.get_current_timezone()
    items: list[AgendaItem] = []

    meetings = (Meeting.objects.filter(case_id__in_ids=view | shared, status=MeetingStatus.PLANNED,
                                       starts_at__gte=datetime.combine(today, time.min, tz),
                                       starts_at__lt=datetime.combine(end, time.min, tz))
                # A semi-join on the invitations: no DISTINCT over wide rows.
                .filter(Q(case_id__in_ids=view) | Q(organizer=user)
                        | Q(pk__in=MeetingInvitee.objects.filter(user=user).values("meeting_id")))
                .select_related("case").only("case_id", "kind", "starts_at", "ends_at", "ical_uid",
                                             *(f"case__{name}" for name in CASE_COLUMNS))
                .order_by("starts_at", "pk"))
    for meeting in meetings[:limit]:
        if meeting.case_id in view:
            url = reverse("planning:meeting_detail", kwargs={"case_uuid": meeting.case.uuid,
                                                             "meeting_id": meeting.pk})
        else:
            url = reverse("planning:shared", kwargs={"case_uuid": meeting.case.uuid})
        items.append(AgendaItem(MEETING, meeting.get_kind_display(),
                                timezone.localdate(meeting.starts_at), meeting.case, url, meeting.starts_at,
                                meeting.ends_at, uid=meeting.ical_uid))

    checkins = (CheckIn.objects.filter(done_at__isnull=True, scheduled_on__lt=end)
                .filter(Q(assignee=user) | Q(case_id__in_ids=manage), case_id__in_ids=view)
                .exclude(~Q(kind=CheckInKind.NAZORG) & Q(case__stage="closed"))
                .select_related("case").only("case_id", "kind", "scheduled_on",
                                             *(f"case__{name}" for name in CASE_COLUMNS))
                .order_by("scheduled_on", "pk"))
    for checkin in checkins[:limit]:
        url = reverse("monitoring:checkin_record", kwargs={"case_uuid": checkin.case.uuid, "checkin_id": checkin.pk})
        items.append(AgendaItem(CHECKIN, checkin.get_kind_display(), checkin.scheduled_on, checkin.case, url,
                                overdue=checkin.scheduled_on < today, uid=f"checkin-{checkin.pk}@zvh-procesregie"))

    activities = (Activity.objects.filter(due_date__isnull=False, due_date__lt=end,
                                          status__in=[ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS],
                                          scenario__kind=F("scenario__plan__active_scenario"),
                                          scenario__plan__case_id__in_ids=view | shared)
                  .filter(Q(responsible_user=user) | Q(scenario__plan__case_id__in_ids=manage))
                  .exclude(scenario__plan__case__stage="closed")
                  .select_related("scenario__plan__case")
                  .only("due_date", "scenario__plan__case_id",
                        *(f"scenario__plan__case__{name}" for name in CASE_COLUMNS))
                  .order_by("due_date", "pk"))
    for activity in activities[:limit]:
        case = activity.scenario.plan.case
        view_name = "planning:plan_detail" if case.pk in view else "planning:shared"
        items.append(AgendaItem(ACTIVITY, _("Deadline activiteit"), activity.due_date, case,
                                reverse(view_name, kwargs={"case_uuid": case.uuid}),
                                overdue=activity.due_date < today, uid=f"activity-{activity.pk}@zvh-procesregie"))

    return sorted(items, key=lambda i: (i.on, i.starts_at or datetime.combine(i.on, time.min, tz), i.kind))[:limit]


# -- pages --------------------------------------------------------------------------------------


def agenda(request):
    """/agenda/: the coming weeks, with the personal calendar feed."""
    try:
        weeks = min(max(int(request.GET.get("weken", DEFAULT_WEEKS)), 1), MAX_WEEKS)
    except ValueError:
        weeks = DEFAULT_WEEKS
    items = agenda_for(request.user, weeks=weeks)
    feed_url = request.session.pop("calendar_feed_url", None)
    return render(request, "monitoring/agenda.html", {
        "items": items, "weeks": weeks, "today": timezone.localdate(),
        "has_feed": CalendarFeed.objects.filter(user=request.user).exists(), "feed_url": feed_url,
    })


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_issue(user) -> str:
    """A new secret feed URL for `user` (replaces the previous one). Returns the token, shown once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": _hash(token),
                                                               "created_at": timezone.now(),
                                                               "last_fetched_at": None})
    return token


@require_POST
def feed_renew(request):
    if request.user.is_practice:
        # A practice account's meetings are fictitious: they never go to a real calendar.
        messages.error(request, _("In de oefenomgeving is er geen agendakoppeling."))
        return redirect("monitoring:agenda")
    token = feed_issue(request.user)
    url = request.build_absolute_uri(reverse("monitoring:agenda_feed", kwargs={"token": token}))
    # Shown once on the agenda page; afterwards only the hash is known.
    request.session["calendar_feed_url"] = url
    messages.success(request, _("Uw persoonlijke agenda-adres is aangemaakt. Een eerder adres werkt niet meer."))
    return redirect("monitoring:agenda")


@require_POST
def feed_revoke(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    messages.success(request, _("De agendakoppeling is ingetrokken; het adres werkt niet meer."))
    return redirect("monitoring:agenda")


@login_not_required
def feed(request, token):
    """The calendar feed (text/calendar) for a calendar app: reference and kind only, no personal data."""
    record = CalendarFeed.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if record is None or not record.user.is_active or record.user.is_practice:
        raise Http404
    CalendarFeed.objects.filter(pk=record.pk).update(last_fetched_at=timezone.now())
    calendar = Calendar()
    calendar.add("prodid", FEED_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "ZVH Procesregie")
    now = timezone.now().astimezone(UTC)
    base = settings.SITE_URL.rstrip("/")
    for item in agenda_for(record.user, weeks=MAX_WEEKS):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        if item.starts_at:
            event.add("dtstart", item.starts_at.astimezone(UTC))
            event.add("dtend", item.ends_at.astimezone(UTC))
        else:
            event.add("dtstart", item.on)
            event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", f"{item.label} {item.case.reference}")
        event.add("url", f"{base}{item.url}")
        event.add("transp", "OPAQUE" if item.starts_at else "TRANSPARENT")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="zvh-procesregie.ics"'
    return response
