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


class LessonTheme(models.TextChoices):
    SAMENWERKING = "samenwerking", _("Samenwerking tussen partijen")
    JEUGDIGE = "jeugdige", _("De jeugdige en ouders betrekken")
    INFORMATIE = "informatie", _("Informatie delen en privacy")
    ANALYSE = "analyse", _("Analyse en doelen")
    PLAN_B = "plan_b", _("Plan A en plan B")
    MONITORING = "monitoring", _("Monitoren en opschalen")
    AFSCHALEN = "afschalen", _("Afschalen en overdracht")
    OVERIG = "overig", _("Overig")


# The close-out criteria of stap 5, as (field prefix, label).
CLOSE_OUT_CRITERIA = [
    ("care_organised", _("Zorg en hulp zijn goed georganiseerd; de procesregisseur voegt niets meer toe")),
    ("family_self_reliant", _("De jeugdige of het gezin heeft passende hulp, of kan zelf de regie voeren en de "
                              "juiste instanties vinden")),
    ("regie_handed_over", _("De regie is overgedragen aan een professional die gericht werkt aan passende hulp")),
]


class LessonStatus(models.TextChoices):
    """A lesson is seen by other regions only after a second procesregisseur of the region reviewed it."""

    REVIEW = "review", _("Ter beoordeling")
    PUBLISHED = "published", _("Gedeeld met alle regio's")
    REJECTED = "rejected", _("Teruggegeven bij beoordeling")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class LessonEvent(models.TextChoices):
    """Timeline kinds of the lessons library (registered in MonitoringConfig.ready())."""

    LESSON_SUBMITTED = "lesson_submitted", _("Les ter beoordeling aangeboden")
    LESSON_APPROVED = "lesson_approved", _("Les beoordeeld en gedeeld met alle regio's")
    LESSON_REJECTED = "lesson_rejected", _("Les teruggegeven bij beoordeling")
    LESSON_WITHDRAWN = "lesson_withdrawn", _("Les ingetrokken")
    LESSON_RETENTION = "lesson_retention", _("Les verwijderd na de bewaartermijn")
