from django.db import models
from django.utils.translation import gettext_lazy as _


class Function(models.TextChoices):
    """A user's function. Casusregisseur is not a function: it is an appointment per case."""

    PROCESREGISSEUR = "procesregisseur", _("Procesregisseur")
    MANAGER = "manager", _("Manager ZVH")
    BEHEERDER = "beheerder", _("Functioneel beheerder")
    PARTNER = "partner", _("Professional van een partner")
    LANDELIJK = "landelijk", _("Landelijk coördinator")
    # Vakontwikkeling (practice): no access to any real case.
    TRAINER = "trainer", _("Trainer vakontwikkeling")
    TRAINEE = "in_opleiding", _("Procesregisseur in opleiding")


class OrganisationType(models.TextChoices):
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    GEMEENTE = "gemeente", _("Gemeente")
    WIJKTEAM = "wijkteam", _("Wijkteam / sociaal team")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    POLITIE = "politie", _("Politie")
    OM = "om", _("Openbaar Ministerie")
    RECLASSERING = "reclassering", _("Reclassering")
    RVDK = "rvdk", _("Raad voor de Kinderbescherming")
    JEUGDBESCHERMING = "jeugdbescherming", _("Jeugdbescherming")
    GGZ = "ggz", _("GGZ")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    HUISARTS = "huisarts", _("Huisarts / jeugdgezondheidszorg")
    JEUGDHULP = "jeugdhulp", _("Jeugdhulpaanbieder")
    OVERIG = "overig", _("Overig")
