from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.constants import Function, OrganisationType


class RealRegionManager(models.Manager):
    """The ZVHs: every region except the trainees' practice spaces (practice.models.PracticeSpace).

    The default manager, so a list, a form's choices or a national figure never includes a practice
    space by accident; `Region.all_objects` sees them too (related access uses that one as well).
    """

    def get_queryset(self):
        return super().get_queryset().filter(is_practice=False)


class Region(models.Model):
    """One Zorg- en Veiligheidshuis: its own team, its own cases. Or a trainee's practice space
    (`is_practice`): fictitious cases, organisations and partners, apart from every real one."""

    code = models.CharField(_("code"), max_length=4, unique=True, help_text=_("Twee of drie letters, bv. RR."))
    name = models.CharField(_("naam"), max_length=100, unique=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telefoon"), max_length=30, blank=True)
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn (maanden na sluiten)"), default=24,
        help_text=_("Daarna worden persoonsgegevens en vrije tekst van gesloten casussen geanonimiseerd."))
    is_practice = models.BooleanField(_("oefenomgeving"), default=False, editable=False)

    all_objects = models.Manager()
    objects = RealRegionManager()

    class Meta:
        base_manager_name = "all_objects"
        default_manager_name = "objects"
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


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A staff account is a beheer account, never a case-working one (constraint below).
        extra_fields.setdefault("function", Function.BEHEERDER)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in. Region, organisation and function decide what they see.

    An account is either a beheer account (staff or superuser, function functioneel beheerder) or
    a case-working account, never both. Function, region and active flag change only through
    `zvh.services.user_update_account`.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="users", verbose_name=_("regio"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="users", verbose_name=_("organisatie"))
    function = models.CharField(_("functie"), max_length=20, choices=Function.choices,
                                default=Function.PARTNER)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    # A trainee's practice account or a simulated partner (practice.spaces): nobody logs in as it.
    is_practice = models.BooleanField(default=False, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        indexes = [models.Index(fields=["region", "function"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_staff=False, is_superuser=False) | Q(function=Function.BEHEERDER),
                name="user_staff_only_beheerder",
                violation_error_message=_("Een beheeraccount heeft de functie functioneel beheerder; een account "
                                          "is nooit tegelijk een beheer- en een casusaccount."),
            ),
        ]

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


class FunctionChangeStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class FunctionChangeRequest(models.Model):
    """A function that grants case access, requested by one beheerder and decided by another (four eyes).

    Created by `zvh.services.user_update_account` when a regional beheerder gives a user the
    procesregisseur function; `function_change_approve` applies it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="function_requests",
                             verbose_name=_("gebruiker"))
    function = models.CharField(_("gevraagde functie"), max_length=20, choices=Function.choices)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+",
                                     verbose_name=_("aangevraagd door"))
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=FunctionChangeStatus.choices,
                              default=FunctionChangeStatus.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("besloten door"))
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("functiewijziging (vier ogen)")
        verbose_name_plural = _("functiewijzigingen (vier ogen)")
        constraints = [
            models.CheckConstraint(condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                                   name="function_request_four_eyes"),
            models.UniqueConstraint(fields=["user"], condition=Q(status=FunctionChangeStatus.PENDING),
                                    name="function_request_one_pending"),
        ]

    def __str__(self):
        return f"{self.user} → {self.get_function_display()}"


class TwoFactorActivation(models.Model):
    """A single-use, expiring link with which a user sets up two-factor authentication.

    Issued by a beheerder (`zvh.two_factor.activation_issue`); only the hash of the token is stored.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="two_factor_activations")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activatielink tweestapsverificatie")
        verbose_name_plural = _("activatielinks tweestapsverificatie")

    def __str__(self):
        return f"{self.user} ({self.issued_at:%d-%m-%Y})"
