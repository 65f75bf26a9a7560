from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import Urgency
from cases.models import Case
from monitoring.constants import (
    CheckInKind,
    Cooperation,
    EscalationOutcome,
    EscalationReason,
    NotificationKind,
    ProgressStatus,
)

# Notification moved to the notifications app (same table); importable here for existing callers.
from notifications.models import Notification  # noqa: F401


class MonitoringArrangement(models.Model):
    """How a case is monitored: a check-in rhythm, or a recorded decision that it is not needed."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="monitoring")
    frequency_days = models.PositiveSmallIntegerField(_("om de hoeveel dagen een monitormoment"), null=True,
                                                      blank=True)
    not_needed = models.BooleanField(_("monitoren is niet nodig"), default=False)
    not_needed_reason = models.TextField(_("waarom niet"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.case_id}"


class CheckIn(models.Model):
    """A monitoring moment: scheduled, and once done, what was found."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checkins")
    kind = models.CharField(_("soort"), max_length=30, choices=CheckInKind.choices, default=CheckInKind.PHONE_ROUND)
    scheduled_on = models.DateField(_("gepland op"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="checkins", verbose_name=_("wie doet het"))
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    cooperation = models.CharField(_("stand van de samenwerking"), max_length=20, choices=Cooperation.choices,
                                   blank=True)
    progress = models.TextField(_("voortgang"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scheduled_on", "pk"]
        verbose_name = _("monitormoment")
        verbose_name_plural = _("monitormomenten")
        indexes = [
            models.Index(fields=["scheduled_on"], condition=Q(done_at__isnull=True), name="checkin_open_due"),
            models.Index(fields=["case", "scheduled_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.scheduled_on}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ProgressNote(models.Model):
    """Progress on one goal or one activity, recorded at a check-in."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="notes")
    goal = models.ForeignKey("planning.Goal", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    activity = models.ForeignKey("planning.Activity", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+")
    status = models.CharField(_("stand"), max_length=20, choices=ProgressStatus.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.get_status_display()


class Escalation(models.Model):
    """Opschaling: the casusregisseur tells the procesregisseur that things are stuck."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+")
    reason = models.CharField(_("reden"), max_length=20, choices=EscalationReason.choices)
    explanation = models.TextField(_("toelichting"))
    urgency = models.CharField(_("urgentie"), max_length=20, choices=Urgency.choices, default=Urgency.VERHOOGD)
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    outcome = models.CharField(_("afhandeling"), max_length=20, choices=EscalationOutcome.choices, blank=True)
    resolution_note = models.TextField(_("toelichting afhandeling"), blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("opschaling")
        verbose_name_plural = _("opschalingen")
        indexes = [
            models.Index(fields=["raised_at"], condition=Q(acknowledged_at__isnull=True), name="escalation_unack"),
            models.Index(fields=["case", "-raised_at"]),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.case_id})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def time_to_acknowledge(self):
        return self.acknowledged_at - self.raised_at if self.acknowledged_at else None

    @property
    def time_to_resolve(self):
        return self.resolved_at - self.raised_at if self.resolved_at else None


class Reminder(models.Model):
    """That a reminder was given: at most once per (kind, subject, due date, recipient).

    The unique constraint, not the scheduler, guarantees this: a second sweep, a second beat or a
    redelivered task that tries again fails to insert and sends nothing.
    """

    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(max_length=60)  # e.g. "checkin:42"
    due_date = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    notification = models.OneToOneField("notifications.Notification", on_delete=models.SET_NULL, null=True,
                                        related_name="reminder")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "due_date", "recipient"], name="reminder_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.subject} {self.due_date}"


class SweepHeartbeat(models.Model):
    """When the reminder sweep last ran: shown in the admin and checked on the manager's page."""

    name = models.CharField(max_length=50, unique=True)
    last_started_at = models.DateTimeField(null=True)
    last_finished_at = models.DateTimeField(null=True)
    last_created = models.PositiveIntegerField(default=0)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("hartslag herinneringen")
        verbose_name_plural = _("hartslag herinneringen")

    def __str__(self):
        return self.name


class CalendarFeed(models.Model):
    """A user's personal calendar feed (monitoring.agenda): a secret URL for their agenda app.

    Only the hash of the secret is stored; a new secret replaces the old one, and revoking ends it. The
    feed carries the case reference and the kind of appointment only — no personal data.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")

    def __str__(self):
        return f"{self.user_id}"
