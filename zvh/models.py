from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.constants import Function, OrganisationType


class Region(models.Model):
    """One Zorg- en Veiligheidshuis: its own team, its own cases."""

    code = models.CharField(_("code"), max_length=4, unique=True, help_text=_("Twee of drie letters, bv. RR."))
    name = models.CharField(_("naam"), max_length=100, unique=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telefoon"), max_length=30, blank=True)
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn (maanden na sluiten)"), default=24,
        help_text=_("Daarna worden persoonsgegevens en vrije tekst van gesloten casussen geanonimiseerd."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio (ZVH)")
        verbose_name_plural = _("regio's (ZVH)")

    def __str__(self):
        return self.name

    @property
    def contact(self) -> str:
        return " / ".join(part for part in (self.contact_phone, self.contact_email) if part)


class Organisation(models.Model):
    """A partner organisation (or the ZVH itself) in a region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations",
                               verbose_name=_("regio"))
    name = models.CharField(_("naam"), max_length=150)
    type = models.CharField(_("soort"), max_length=30, choices=OrganisationType.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="organisation_unique_name")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who logs in. Region, organisation and function decide what they see."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="users", verbose_name=_("regio"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="users", verbose_name=_("organisatie"))
    function = models.CharField(_("functie"), max_length=20, choices=Function.choices,
                                default=Function.PARTNER)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        indexes = [models.Index(fields=["region", "function"])]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_procesregisseur(self) -> bool:
        return self.function == Function.PROCESREGISSEUR

    @property
    def is_manager(self) -> bool:
        return self.function == Function.MANAGER

    @property
    def is_beheerder(self) -> bool:
        return self.function == Function.BEHEERDER

    @property
    def is_partner(self) -> bool:
        return self.function == Function.PARTNER
