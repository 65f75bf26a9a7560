from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    """The e-mail state of an in-app notification (a copy of its outbox message's outcome)."""

    PENDING = "pending", _("Te versturen")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    SKIPPED = "skipped", _("Niet per e-mail")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")


class MessageKind(models.TextChoices):
    NOTIFICATION = "notification", _("Melding")
    INVITATION = "invitation", _("Uitnodiging overleg")
    CANCELLATION = "cancellation", _("Annulering overleg")
    ACCOUNT = "account", _("Account (wachtwoord, tweestapsverificatie)")


# A pending message older than this counts as "long pending" for the beheerder and procesregisseur.
LONG_PENDING_AFTER = timedelta(minutes=30)
