"""Privacy by design: consents, the access log (NEN 7513), the sharing log, erasure records.

The access log keeps no foreign keys to cases, persons or users: it must outlive case retention
(at least five years) and must not change when a user or case does. It stores ids and the
names/functions as they were at the time.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import LegalBasis


class AccessEvent(models.TextChoices):
    CREATE = "create", _("Aanmaken")
    READ = "read", _("Inzien")
    CHANGE = "change", _("Wijzigen")
    DELETE = "delete", _("Verwijderen")
    SEARCH = "search", _("Zoeken")
    PRINT = "print", _("Afdrukken")
    EXPORT = "export", _("Exporteren")
    DOWNLOAD = "download", _("PDF downloaden")


class AccessOutcome(models.TextChoices):
    SUCCESS = "success", _("Gelukt")
    DENIED = "denied", _("Geweigerd / niet gevonden")
    REFUSED = "refused", _("Afgewezen (ongeldige invoer)")
    ERROR = "error", _("Fout")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The access log is append-only.")

    def delete(self):
        raise PermissionDenied("The access log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionDenied("The access log is append-only.")


class AccessLog(models.Model):
    """One access to a case's personal data: who, what, when (UTC), which case/person, from where."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.CharField(max_length=20, choices=AccessEvent.choices)
    outcome = models.CharField(max_length=20, choices=AccessOutcome.choices)
    case_id = models.BigIntegerField(null=True, blank=True)
    case_reference = models.CharField(max_length=30, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    subject_user_id = models.BigIntegerField(null=True, blank=True)  # whose log was read (audits)
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True)
    user_function = models.CharField(max_length=30, blank=True)
    user_organisation = models.CharField(max_length=150, blank=True)
    on_behalf_of = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True)
    view = models.CharField(max_length=100, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("toegangslog")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["case_id", "-at"]),
            models.Index(fields=["person_id", "-at"]),
            models.Index(fields=["user_id", "-at"]),
        ]

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.username} {self.event} {self.case_reference}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The access log is append-only.")


class Consent(models.Model):
    """Toestemming of the youth and/or legal representative: scope, date, validity, withdrawal."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey("cases.Person", on_delete=models.SET_NULL, null=True, related_name="consents",
                                 verbose_name=_("gegeven door"))
    organisations = models.ManyToManyField("zvh.Organisation", related_name="+",
                                           verbose_name=_("met welke organisaties mag gedeeld worden"))
    information = models.TextField(_("welke informatie"))
    given_on = models.DateField(_("gegeven op"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self):
        return f"{_('Toestemming')} {self.given_on:%d-%m-%Y}"

    def is_valid_on(self, day) -> bool:
        return (self.given_on <= day and not (self.withdrawn_on and self.withdrawn_on <= day)
                and not (self.valid_until and self.valid_until < day))


class Disclosure(models.Model):
    """Verstrekking: what was shared with which organisation, when, on which ground, by whom."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="disclosures")
    # A party's organisation; or, for the youth or a parent (no organisation), `recipient` names them.
    organisation = models.ForeignKey("zvh.Organisation", on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True, verbose_name=_("organisatie"))
    recipient = models.CharField(_("ontvanger"), max_length=200, blank=True)
    what = models.CharField(_("wat"), max_length=300)
    # What was made available (e.g. "plan:v2", "invitation:17"): with `party`, logged exactly once.
    key = models.CharField(max_length=100, blank=True, editable=False)
    party = models.CharField(max_length=220, blank=True, editable=False)
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    consent = models.ForeignKey(Consent, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="disclosures")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("verstrekking")
        verbose_name_plural = _("verstrekkingen")
        indexes = [models.Index(fields=["case", "-at"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "party", "key"], condition=~models.Q(key=""),
                                    name="disclosure_once_per_party"),
        ]

    def __str__(self):
        return f"{self.what} → {self.organisation or self.recipient}"
