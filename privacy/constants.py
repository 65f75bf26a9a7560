from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyEvent(models.TextChoices):
    """Timeline kinds of the privacy app (registered in PrivacyConfig.ready())."""

    CONSENT_RECORDED = "consent_recorded", _("Toestemming vastgelegd")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Toestemming ingetrokken")
    SHARING_STOPPED = "sharing_stopped", _("Delen met partij beëindigd")
    PERSON_ERASED = "person_erased", _("Persoonsgegevens gewist op verzoek")
    INZAGE_EXPORTED = "inzage_exported", _("Inzage-export gemaakt")
    ANONYMISED = "anonymised", _("Geanonimiseerd na de bewaartermijn")
