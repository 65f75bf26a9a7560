from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.constants import Urgency


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


class NotificationKind(models.TextChoices):
    CHECKIN_DUE = "checkin_due", _("Monitormoment vandaag")
    CHECKIN_OVERDUE = "checkin_overdue", _("Monitormoment verlopen")
    ACTIVITY_OVERDUE = "activity_overdue", _("Activiteit over de deadline")
    ESCALATION_RAISED = "escalation_raised", _("Opschaling")
    ESCALATION_UNACKNOWLEDGED = "escalation_unack", _("Opschaling niet opgepakt")
    ESCALATION_TO_MANAGER = "escalation_manager", _("Opschaling blijft liggen")
    STAGNATING = "stagnating", _("Casus stagneert")
    GENERAL = "general", _("Bericht")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Te versturen")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    SKIPPED = "skipped", _("Niet per e-mail")


# How long an escalation may wait for acknowledgement before the procesregisseur is reminded;
# after twice this time the region's managers are told.
ACKNOWLEDGE_WITHIN = {
    Urgency.SPOED: timedelta(hours=4),
    Urgency.VERHOOGD: timedelta(hours=24),
    Urgency.REGULIER: timedelta(hours=72),
}
# A check-in not done this many days after its date counts as overdue.
CHECKIN_OVERDUE_AFTER_DAYS = 2
EMAIL_MAX_ATTEMPTS = 6


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
