from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.constants import Urgency

# Moved to the notifications app; importable here for existing callers.
from notifications.constants import EmailStatus, NotificationKind  # noqa: F401


class CheckInKind(models.TextChoices):
    PHONE_ROUND = "phone_round", _("Telefoonronde")
    MONITORING_MEETING = "monitoring_meeting", _("Monitoringsoverleg")
    NAZORG = "nazorg", _("Nazorgcontact")


class Cooperation(models.TextChoices):
    GOOD = "good", _("Loopt goed")
    STRAINED = "strained", _("Stroef, maar gaat")
    STUCK = "stuck", _("Loopt vast")


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("Op koers")
    BEHIND = "behind", _("Loopt achter")
    DONE = "done", _("Bereikt / gedaan")
    STUCK = "stuck", _("Vastgelopen")


class EscalationReason(models.TextChoices):
    EXECUTION = "execution", _("De uitvoering van het plan loopt vast")
    COOPERATION = "cooperation", _("De samenwerking loopt vast")
    SAFETY = "safety", _("Zorg over de veiligheid")


class EscalationOutcome(models.TextChoices):
    OVERLEG = "overleg", _("Overleg opnieuw bijeengeroepen")
    OTHERWISE = "otherwise", _("Anders opgelost")


# How long an escalation may wait for acknowledgement before the procesregisseur is reminded;
# after twice this time the region's managers are told.
ACKNOWLEDGE_WITHIN = {
    Urgency.SPOED: timedelta(hours=4),
    Urgency.VERHOOGD: timedelta(hours=24),
    Urgency.REGULIER: timedelta(hours=72),
}
# A check-in not done this many days after its date counts as overdue.
CHECKIN_OVERDUE_AFTER_DAYS = 2


class MonitoringEvent(models.TextChoices):
    """Timeline kinds of monitoring and opschaling (registered in MonitoringConfig.ready())."""

    CHECKIN_SCHEDULED = "checkin_scheduled", _("Monitormoment gepland")
    CHECKIN_DONE = "checkin_done", _("Monitormoment vastgelegd")
    MONITORING_NOT_NEEDED = "monitoring_not_needed", _("Besloten: monitoren niet nodig")
    ESCALATED = "escalated", _("Opgeschaald")
    ESCALATION_ACKNOWLEDGED = "escalation_acknowledged", _("Opschaling opgepakt")
    ESCALATION_RESOLVED = "escalation_resolved", _("Opschaling afgehandeld")
