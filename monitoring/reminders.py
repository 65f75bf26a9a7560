"""The reminder sweep: find what is due, remind each person once, deliver e-mail with back-off.

The database is the source of truth, not the broker. Celery beat triggers `sweep` every minute;
a sweep claims due rows with `select_for_update(skip_locked=True)` so concurrent sweeps split
the work, and records each reminder under the unique constraint `reminder_once` (kind, subject,
due date, recipient) in the same transaction as its notification. Running a sweep twice, two
sweeps at once, a second beat, or a sweep redelivered after a worker crash therefore never
reminds anyone twice, and a sweep that did not run is made good by the next one. The e-mail of a
reminder is an outbox row written in that same transaction; delivery is a separate task.

Every scan selects only due rows through an index, so its cost grows with what is due, not with
the size of the database. A sweep stops after a batch once its time budget is spent
(`REMINDER_SWEEP_SECONDS`): a backlog is worked off in short runs that follow one another
(`monitoring.tasks.sweep`), none holding a worker for long, the most urgent scans first.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.constants import CaseStage
from cases.models import Case, StandIn
from monitoring.constants import (
    ACKNOWLEDGE_WITHIN,
    CHECKIN_OVERDUE_AFTER_DAYS,
    CheckInKind,
    NotificationKind,
)
from monitoring.models import CheckIn, Escalation, Reminder, SweepHeartbeat
from notifications import delivery
from notifications.services import notify_many
from planning.models import Contact
from zvh.constants import Function
from zvh.deadline import Deadline
from zvh.models import User
from zvh.routing import reverse_many

logger = logging.getLogger(__name__)
BATCH = 500
MAX_ROUNDS = 200
ACTIVE_STAGES = [CaseStage.MONITORING, CaseStage.AFSCHALEN]
# Check-ins that remind: those of a case being monitored, and nazorg after closing — but never one of
# an anonymised case (its term is over; a reminder would write its reference into a notification
# again). Escalations likewise; the other scans only look at open or monitored cases.
REMINDING_CHECKINS = ((Q(case__stage__in=ACTIVE_STAGES) | Q(kind=CheckInKind.NAZORG))
                      & Q(case__anonymised_at__isnull=True))


@dataclass(frozen=True)
class Due:
    kind: str
    subject: str
    due_date: date
    recipient_id: int
    case: Case
    title: str
    url: str = ""  # a page this recipient can open (default: the case page)


def _acting_procesregisseurs() -> dict[int, list[int]]:
    """absent procesregisseur id → the stand-ins acting for them today (one small query per scan)."""
    acting: dict[int, list[int]] = {}
    for absent_id, stand_in_id in StandIn.objects.current().values_list("absent_id", "stand_in_id"):
        acting.setdefault(absent_id, []).append(stand_in_id)
    return acting


def _procesregisseurs_of(case, acting) -> list[int]:
    """The procesregisseur of the case and whoever stands in for them now."""
    if not case.procesregisseur_id:
        return []
    return [case.procesregisseur_id, *acting.get(case.procesregisseur_id, [])]


def _remind(items: list[Due]) -> int:
    """Record and notify each due reminder that was not given yet. Returns how many are new.

    Runs inside the scan's transaction: the reminders of a claimed row commit together with the
    claim, or not at all (a killed worker leaves nothing half-done for the next sweep).
    """
    if not items:
        return 0
    existing = set(
        Reminder.objects.filter(subject__in={i.subject for i in items}, kind__in={i.kind for i in items})
        .values_list("kind", "subject", "due_date", "recipient_id")
    )
    recipients = User.objects.in_bulk({i.recipient_id for i in items})
    todo, keys = [], set()
    for item in items:
        key = (item.kind, item.subject, item.due_date, item.recipient_id)
        recipient = recipients.get(item.recipient_id)
        if key in existing or key in keys or recipient is None or not recipient.is_active:
            continue
        keys.add(key)
        todo.append((item, recipient))
    if not todo:
        return 0
    try:
        # The whole batch in a few statements; the claimed rows are locked, so a conflict is rare.
        with transaction.atomic():
            return _remind_all(todo)
    except IntegrityError:
        pass  # another sweep gave some of these in the meantime: one by one, skipping those
    created = 0
    for item, recipient in todo:
        try:
            with transaction.atomic():
                _remind_all([(item, recipient)])
        except IntegrityError:
            continue
        created += 1
    return created


def _remind_all(todo) -> int:
    # The notifications first, so each reminder is inserted with its notification (no second update).
    notifications = notify_many([{"recipient": recipient, "case": item.case, "kind": item.kind, "title": item.title,
                                  "url": item.url} for item, recipient in todo])
    reminders = Reminder.objects.bulk_create([
        Reminder(kind=item.kind, subject=item.subject, due_date=item.due_date, recipient=recipient, case=item.case,
                 notification=notification)
        for (item, recipient), notification in zip(todo, notifications, strict=True)])
    return len(reminders)


def _subject(prefix: str):
    """The Reminder.subject of the outer row, as an SQL expression (e.g. 'checkin:42')."""
    return Concat(Value(f"{prefix}:"), Cast(OuterRef("pk"), CharField()), output_field=CharField())


class _Probe(Exists):
    """EXISTS that PostgreSQL answers for each row with one lookup in the `reminder_once` index.

    As a plain EXISTS the planner turns it into an anti-join and picks the join from its statistics,
    which never know today's reminders yet (they were just written, in bulk): with 10,000 check-ins due
    today it chose a merge join on the date alone and compared 53 million pairs, 7 s for each claimed
    batch (docs/performance.md). `OFFSET 0` keeps the subquery as it is written, a probe per row.
    """

    def as_sql(self, compiler, connection, template=None, **extra):
        if connection.vendor == "postgresql":
            template = "EXISTS(%(subquery)s OFFSET 0)"
        return super().as_sql(compiler, connection, template=template, **extra)


def _not_reminded(kind: str, prefix: str, **match):
    return ~_Probe(Reminder.objects.filter(kind=kind, subject=_subject(prefix), **match))


class Budget:
    """The time a sweep may take (None: no limit).

    A scan stops once the time is spent, but only right after a full batch that gave reminders: rows
    that give none (a recipient who left, a region without managers) are claimed again by every run,
    so a stop among them would make no progress. A run that stops has therefore given at least one
    reminder, and the runs that follow one another end (`SweepRun.complete`). Every scan takes its
    first batch, so the urgent scans, which come first, are never starved by a backlog elsewhere.
    """

    def __init__(self, seconds: float | None = None):
        self.deadline = Deadline(seconds)
        self.spent = False  # a scan stopped with work left: the sweep is not complete

    def stop_after(self, created_in_batch: int) -> bool:
        self.spent = self.spent or bool(created_in_batch and self.deadline.passed())
        return self.spent and bool(created_in_batch)


def _scan(queryset, build, budget: Budget | None = None) -> int:
    """Claim due rows in batches (skip-locked), turn them into reminders, commit per batch.

    The claim reads only the due rows (their cases come with `prefetch_related`, one query for the
    batch): joined for the cases' wide rows, PostgreSQL hashed the whole case table every batch.

    `queryset` must exclude rows already reminded, so every round makes progress; a round that
    claims less than a full batch ends the scan, and so does a spent `budget` after a full batch that
    gave reminders (the next run goes on).
    """
    budget = budget or Budget()
    created, seen = 0, set()
    for _round in range(MAX_ROUNDS):
        with transaction.atomic():
            rows = list(queryset.exclude(pk__in_ids=seen).select_for_update(skip_locked=True, of=("self",))[:BATCH])
            seen.update(row.pk for row in rows)
            made = _remind([item for row in rows for item in build(row)])
        created += made
        if len(rows) < BATCH or budget.stop_after(made):
            break
    else:  # MAX_ROUNDS full batches: more may be due; the next run goes on if this one gave any
        budget.spent = budget.spent or bool(created)
    return created


def _checkin_title(checkin, text) -> str:
    return text % {"kind": checkin.get_kind_display(), "ref": checkin.case.reference,
                   "d": checkin.scheduled_on.strftime("%d-%m-%Y")}


def _checkin_url(checkin) -> str:
    """The page where this check-in is recorded (the casusregisseur and procesregisseur may open it)."""
    return reverse_many("monitoring:checkin_record", case_uuid=checkin.case.uuid, checkin_id=checkin.pk)


def scan_checkins_due(today: date, budget: Budget | None = None) -> int:
    """A check-in on or past its date reminds whoever does it (or else the procesregisseur)."""
    qs = (
        CheckIn.objects.filter(REMINDING_CHECKINS, done_at__isnull=True, scheduled_on__lte=today)
        # Not reminded yet *for whoever does it now*: a new casusregisseur is reminded again.
        .filter(_not_reminded(NotificationKind.CHECKIN_DUE, "checkin", due_date=OuterRef("scheduled_on"),
                              recipient=Coalesce(OuterRef("assignee"), OuterRef("case__procesregisseur"))))
        .prefetch_related("case").order_by("scheduled_on", "pk")
    )

    acting = _acting_procesregisseurs()

    def build(checkin):
        recipients = [checkin.assignee_id] if checkin.assignee_id else _procesregisseurs_of(checkin.case, acting)
        title = _checkin_title(checkin, _("%(kind)s in %(ref)s staat gepland op %(d)s"))
        return [Due(NotificationKind.CHECKIN_DUE, f"checkin:{checkin.pk}", checkin.scheduled_on, recipient_id,
                    checkin.case, title, _checkin_url(checkin)) for recipient_id in recipients]

    return _scan(qs, build, budget)


def scan_checkins_overdue(today: date, budget: Budget | None = None) -> int:
    """A check-in still not done CHECKIN_OVERDUE_AFTER_DAYS after its date reminds the procesregisseur."""
    qs = (
        CheckIn.objects.filter(REMINDING_CHECKINS, done_at__isnull=True,
                               scheduled_on__lte=today - timedelta(days=CHECKIN_OVERDUE_AFTER_DAYS),
                               case__procesregisseur__isnull=False)
        .filter(_not_reminded(NotificationKind.CHECKIN_OVERDUE, "checkin", due_date=OuterRef("scheduled_on"),
                              recipient=OuterRef("case__procesregisseur")))
        .prefetch_related("case").order_by("scheduled_on", "pk")
    )

    acting = _acting_procesregisseurs()

    def build(checkin):
        title = _checkin_title(checkin, _("%(kind)s in %(ref)s van %(d)s is nog niet vastgelegd"))
        return [Due(NotificationKind.CHECKIN_OVERDUE, f"checkin:{checkin.pk}", checkin.scheduled_on, recipient_id,
                    checkin.case, title, _checkin_url(checkin))
                for recipient_id in _procesregisseurs_of(checkin.case, acting)]

    return _scan(qs, build, budget)


def scan_activities(today: date, budget: Budget | None = None) -> int:
    """An activity of the active scenario past its deadline reminds its owner and the casusregisseur."""
    from planning.constants import ActivityStatus
    from planning.models import Activity

    qs = (
        Activity.objects.filter(due_date__lt=today, status__in=[ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS],
                                scenario__plan__case__stage=CaseStage.MONITORING,
                                scenario__kind=F("scenario__plan__active_scenario"))
        .filter(_not_reminded(NotificationKind.ACTIVITY_OVERDUE, "activity", due_date=OuterRef("due_date")))
        .select_related("scenario__plan__case", "organisation").order_by("due_date", "pk")
    )

    def build(activity):
        plan = activity.scenario.plan
        # Which activity, without its text (e-mail leaves the care network): organisation, plan, deadline.
        title = _("Activiteit van %(org)s (%(scenario)s) in %(ref)s is over de deadline (%(d)s)") % {
            "org": activity.organisation, "scenario": activity.scenario.get_kind_display(),
            "ref": plan.case.reference, "d": activity.due_date.strftime("%d-%m-%Y")}
        shared = reverse_many("planning:shared", case_uuid=plan.case.uuid) + f"#activiteit-{activity.pk}"
        plan_url = reverse_many("planning:plan_detail", case_uuid=plan.case.uuid) + f"#activiteit-{activity.pk}"
        return [Due(NotificationKind.ACTIVITY_OVERDUE, f"activity:{activity.pk}", activity.due_date, recipient_id,
                    plan.case, title, plan_url if recipient_id == plan.casusregisseur_id else shared)
                for recipient_id in sorted({activity.responsible_user_id, plan.casusregisseur_id} - {None})]

    return _scan(qs, build, budget)


def scan_follow_ups(today: date, budget: Budget | None = None) -> int:
    """A follow-up agreed in a contact (planning's contact log) reminds whoever recorded it on its date
    (else the procesregisseur), on an open case."""
    qs = (
        Contact.objects.filter(follow_up_on__lte=today, follow_up_done_at__isnull=True, case__closed_at__isnull=True,
                               case__anonymised_at__isnull=True)
        .filter(_not_reminded(NotificationKind.GENERAL, "contact", due_date=OuterRef("follow_up_on")))
        .prefetch_related("case").order_by("follow_up_on", "pk")
    )

    def build(contact):
        recipient = contact.recorded_by_id or contact.case.procesregisseur_id
        if recipient is None:
            return []
        title = _("Vervolgafspraak in %(ref)s staat op %(d)s") % {
            "ref": contact.case.reference, "d": contact.follow_up_on.strftime("%d-%m-%Y")}
        return [Due(NotificationKind.GENERAL, f"contact:{contact.pk}", contact.follow_up_on, recipient, contact.case,
                    title)]

    return _scan(qs, build, budget)


def scan_escalations(now, budget: Budget | None = None) -> int:
    """An unacknowledged escalation reminds the procesregisseur after its window (by urgency)."""
    window_passed = Q()
    for urgency, window in ACKNOWLEDGE_WITHIN.items():
        window_passed |= Q(urgency=urgency, raised_at__lte=now - window)
    qs = (
        Escalation.objects.filter(window_passed, acknowledged_at__isnull=True, case__procesregisseur__isnull=False,
                                  case__anonymised_at__isnull=True)
        .filter(_not_reminded(NotificationKind.ESCALATION_UNACKNOWLEDGED, "escalation"))
        .prefetch_related("case").order_by("raised_at", "pk")
    )

    acting = _acting_procesregisseurs()

    def build(escalation):
        case = escalation.case
        return [Due(NotificationKind.ESCALATION_UNACKNOWLEDGED, f"escalation:{escalation.pk}",
                    timezone.localdate(escalation.raised_at), recipient_id, case,
                    _("Opschaling in %(ref)s is nog niet opgepakt") % {"ref": case.reference})
                for recipient_id in _procesregisseurs_of(case, acting)]

    return _scan(qs, build, budget)


def scan_escalations_to_manager(now, budget: Budget | None = None) -> int:
    """Still unacknowledged after twice its window: the region's managers are told."""
    window_passed = Q()
    for urgency, window in ACKNOWLEDGE_WITHIN.items():
        window_passed |= Q(urgency=urgency, raised_at__lte=now - 2 * window)
    qs = (
        Escalation.objects.filter(window_passed, acknowledged_at__isnull=True, case__anonymised_at__isnull=True)
        .filter(_not_reminded(NotificationKind.ESCALATION_TO_MANAGER, "escalation"))
        .prefetch_related("case").order_by("raised_at", "pk")
    )
    managers: dict[int, list[int]] = {}

    def build(escalation):
        case = escalation.case
        if case.region_id not in managers:
            managers[case.region_id] = list(User.objects.filter(
                region_id=case.region_id, function=Function.MANAGER, is_active=True).values_list("pk", flat=True))
        # A manager sees no case content: the link goes to the region's dashboard.
        return [Due(NotificationKind.ESCALATION_TO_MANAGER, f"escalation:{escalation.pk}",
                    timezone.localdate(escalation.raised_at), manager_id, case,
                    _("Een opschaling in uw regio (%(ref)s) blijft liggen") % {"ref": case.reference},
                    reverse("dashboards:region"))
                for manager_id in managers[case.region_id]]

    return _scan(qs, build, budget)


def scan_stagnation(now, budget: Budget | None = None) -> int:
    """A case in monitoring without activity for CASE_STAGNATION_DAYS tells its procesregisseur, once per
    stagnation period (a reminder given after the last activity counts)."""
    days = settings.CASE_STAGNATION_DAYS
    qs = (
        Case.objects.filter(stage=CaseStage.MONITORING, last_activity_at__lte=now - timedelta(days=days),
                            procesregisseur__isnull=False)
        .filter(_not_reminded(NotificationKind.STAGNATING, "case", created_at__gt=OuterRef("last_activity_at")))
        .order_by("last_activity_at", "pk")
    )

    acting = _acting_procesregisseurs()

    def build(case):
        return [Due(NotificationKind.STAGNATING, f"case:{case.pk}",
                    timezone.localdate(case.last_activity_at) + timedelta(days=days), recipient_id, case,
                    _("%(ref)s stagneert: al %(n)s dagen geen voortgang vastgelegd") % {"ref": case.reference,
                                                                                          "n": days})
                for recipient_id in _procesregisseurs_of(case, acting)]

    return _scan(qs, build, budget)


@dataclass
class SweepRun:
    created: int
    complete: bool  # False: the time budget ran out with work left (the task runs again at once)


def sweep(now=None) -> int:
    """Run every scan to the end; safe to run at any time, any number of times, concurrently."""
    return sweep_run(now).created


def sweep_run(now=None, *, seconds: float | None = None) -> SweepRun:
    """Run the scans, most urgent first; a scan with a backlog stops once `seconds` are spent (`Budget`)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    budget = Budget(seconds)
    SweepHeartbeat.objects.update_or_create(name="reminders", defaults={"last_started_at": now})
    created = 0
    for scan, moment in [(scan_escalations, now), (scan_escalations_to_manager, now), (scan_checkins_overdue, today),
                         (scan_checkins_due, today), (scan_activities, today), (scan_follow_ups, today),
                         (scan_stagnation, now)]:
        created += scan(moment, budget)
    SweepHeartbeat.objects.filter(name="reminders").update(
        last_finished_at=timezone.now(), last_created=created, runs=F("runs") + 1
    )
    return SweepRun(created=created, complete=not budget.spent)


def last_sweep_finished():
    """When the sweep last finished (None: never); the heartbeat of /gezondheid/gereed/."""
    return SweepHeartbeat.objects.filter(name="reminders").values_list("last_finished_at", flat=True).first()


def sweep_is_stale(now=None, *, within: timedelta | None = None) -> bool:
    """True when the sweep has not finished within two sweep intervals (default): reminders have stopped."""
    now = now or timezone.now()
    within = within or timedelta(seconds=2 * settings.REMINDER_SWEEP_EVERY)
    last = last_sweep_finished()
    return last is None or last < now - within


# -- e-mail -----------------------------------------------------------------------------------
# Reminders are notifications; their e-mail goes through the outbox of the notifications app,
# written in the scan's transaction and delivered by notifications.tasks.deliver_outbox.

def deliver_pending_email(*, limit: int | None = None) -> int:
    """Deliver the due outbox messages now (outside the sweep's transactions); returns how many were sent."""
    return delivery.deliver_due(limit=limit).sent
