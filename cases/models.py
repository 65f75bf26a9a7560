import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.constants import (
    CaseStage,
    LegalBasis,
    PersonRole,
    TriageDecision,
    Urgency,
)
from cases.querysets import CaseQuerySet
from zvh.models import Organisation, Region


class Case(models.Model):
    """A complex case brought to the ZVH, from aanmelding to closure."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the indexes that start with the region (Meta.indexes) serve its lookups.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cases", verbose_name=_("regio"),
                               db_index=False)
    reference = models.CharField(_("kenmerk"), max_length=30, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    stage = models.CharField(_("fase"), max_length=20, choices=CaseStage.choices, default=CaseStage.AANMELDING)
    urgency = models.CharField(_("urgentie"), max_length=20, choices=Urgency.choices, default=Urgency.REGULIER)

    # Aanmelding: what the referring partner tells the ZVH.
    reason = models.TextField(_("aanleiding"))
    referrer_goal = models.TextField(_("wat wil de aanmelder bereiken"))
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="referred_cases", verbose_name=_("geregistreerd door"))
    referrer_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True,
                                              related_name="referred_cases",
                                              verbose_name=_("aanmeldende organisatie"))
    referrer_name = models.CharField(_("naam aanmelder"), max_length=150, blank=True)
    referrer_contact = models.CharField(_("contactgegevens aanmelder"), max_length=150, blank=True)

    # Triage by the ZVH team.
    triage_decision = models.CharField(_("triagebesluit"), max_length=20, choices=TriageDecision.choices,
                                       default=TriageDecision.PENDING)
    triage_explanation = models.TextField(_("toelichting triage"), blank=True)
    referred_to = models.CharField(_("doorverwezen naar"), max_length=200, blank=True)
    triaged_at = models.DateTimeField(_("getrieerd op"), null=True, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    # Intake (stap 1).
    zorgvraag = models.TextField(_("zorgvraag"), blank=True)
    procesregisseur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="cases_as_procesregisseur",
                                        verbose_name=_("procesregisseur"))

    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    close_reason = models.TextField(_("reden van sluiten"), blank=True)
    last_activity_at = models.DateTimeField(_("laatste activiteit"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)
    stage_entered_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a form carries the version it was loaded with; a stale save is refused.
    version = models.PositiveIntegerField(default=1)
    # A trainee's practice case (the region is a practice space): kept out of every real list,
    # figure, sweep and e-mail; set at registration from the region.
    is_practice = models.BooleanField(default=False, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "number"], name="case_unique_number"),
        ]
        indexes = [
            models.Index(fields=["region", "stage", "-opened_at"]),
            models.Index(fields=["procesregisseur", "stage"]),
            models.Index(fields=["stage", "last_activity_at"]),
            models.Index(fields=["referred_by", "-opened_at"]),
            # The dashboards join every period's rows to their case for its region and filters: from
            # this index alone (PostgreSQL's index-only scan) instead of the wide case rows, which
            # halves the national view's figures (docs/performance.md). Elsewhere a plain index.
            models.Index(fields=["region"], include=["id", "urgency", "procesregisseur", "stage", "opened_at",
                                                     "closed_at"], name="case_region_figures_idx"),
        ]
        permissions = [
            ("transition_case", _("Kan de fase van de casus wijzigen")),
            ("view_personal_data", _("Kan persoonsgegevens van de casus zien")),
            ("triage_case", _("Kan de aanmelding trieren")),
            ("view_referral", _("Kan de eigen aanmelding en de uitkomst zien")),
            ("view_shared", _("Kan de met de eigen organisatie gedeelde delen zien")),
            ("manage_plan", _("Kan overleggen en het plan beheren")),
            ("record_progress", _("Kan voortgang vastleggen en opschalen")),
            ("record_nazorg", _("Kan het nazorgcontact na sluiten vastleggen")),
            ("handle_subject_rights", _("Kan inzage, wissen en het toegangslog van de casus afhandelen")),
            ("share_lesson", _("Kan een les uit de evaluatie delen met alle regio's")),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.stage == CaseStage.CLOSED

    def is_stagnating(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.stage == CaseStage.MONITORING
            and (now - self.last_activity_at).days >= settings.CASE_STAGNATION_DAYS
        )


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign key: rows go with the case (no orphans, fast joins)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseStageChange(models.Model):
    """One step along the stappenplan: from, to, who, when, why. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=CaseStage.choices)
    to_stage = models.CharField(max_length=20, choices=CaseStage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When the case entered `from_stage` (the previous change, or the registration): the time in a
    # stage is created_at − entered_at, so the dashboards need no window over all history. NULL on
    # rows written without the service (the dashboards then look the previous change up).
    entered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self):
        return f"{self.case_id}: {self.from_stage} → {self.to_stage}"


class CaseEvent(models.Model):
    """Something that happened on a case besides a stage change, for the timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    # Kinds are registered by the app that writes them (cases.timeline.register_kinds), not listed here.
    kind = models.CharField(max_length=40)
    # Text, not a capped column: a correction keeps the earlier value whole (issue 14).
    description = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The person the event is about (a correction of their data, information about them removed): erasing
    # that person blanks the description, which may hold their earlier values (cases.personal_data).
    person = models.ForeignKey("cases.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self):
        return f"{self.label} ({self.case_id})"

    @property
    def label(self) -> str:
        from cases.timeline import kind_label

        return kind_label(self.kind)


def person_search_name(first_name: str, last_name: str) -> str:
    """The name as search compares it: lower case, without diacritics, single spaces ("zoe de vries")."""
    from cases.search import normalise

    return normalise(f"{first_name} {last_name}")


def person_match_key(first_name: str, last_name: str, date_of_birth) -> str:
    """The key on which a person is recognised as already known (see cases.known_persons.match_key)."""
    from cases.known_persons import match_key

    return match_key(first_name, last_name, date_of_birth)


class Person(models.Model):
    """The youth and family members of a case. Only what the procesregisseur needs; no BSN."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("rol"), max_length=30, choices=PersonRole.choices)
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    relation = models.CharField(_("relatie tot de jeugdige"), max_length=100, blank=True)
    # Provenance: a ZVH processes on behalf of the partner that brought the person in.
    source_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                            related_name="+", verbose_name=_("bron (partner)"))
    purpose = models.CharField(_("doel"), max_length=200, default="Procesregie rond de zorgvraag", blank=True)
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices,
                                   default=LegalBasis.PUBLIEKE_TAAK)
    basis_justification = models.TextField(_("onderbouwing grondslag"), blank=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    match_key = models.CharField(max_length=250, blank=True, db_index=True, editable=False)
    # For the search by name (cases.search): on PostgreSQL a trigram index (migration 0011).
    search_name = models.CharField(max_length=210, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.match_key = person_match_key(self.first_name, self.last_name, self.date_of_birth)
        self.search_name = person_search_name(self.first_name, self.last_name)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "match_key", "search_name"}
        super().save(*args, **kwargs)


class Involvement(models.Model):
    """A partner organisation involved in the case, now or before, and what it can be asked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="involvements",
                                     verbose_name=_("organisatie"))
    contact_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="involvements",
                                     verbose_name=_("contactpersoon (gebruiker)"))
    contact_name = models.CharField(_("naam contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    is_current = models.BooleanField(_("nu betrokken"), default=True,
                                     help_text=_("Uitvinken als de partij eerder betrokken was."))
    primary_task = models.CharField(_("primaire taak"), max_length=300, blank=True)
    ask_content = models.BooleanField(_("te bevragen over de inhoud"), default=False)
    ask_cooperation = models.BooleanField(_("te bevragen over de samenwerking"), default=False)
    ask_notes = models.TextField(_("waarover bevragen"), blank=True)
    to_invite = models.BooleanField(_("uitnodigen voor overleg"), default=False)
    # What the partner's access to the case rests on.
    sharing_basis = models.CharField(_("grondslag voor delen met deze partij"), max_length=30,
                                     choices=LegalBasis.choices, default=LegalBasis.PUBLIEKE_TAAK)
    consent = models.ForeignKey("privacy.Consent", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="involvements", verbose_name=_("toestemming"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("betrokken partij")
        verbose_name_plural = _("betrokken partijen")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="involvement_unique_organisation"),
        ]

    def __str__(self):
        return str(self.organisation)


class InformationItem(models.Model):
    """What was learned during the intake, from which party, when and on what legal basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="information_items")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="information_items", verbose_name=_("over persoon"))
    source = models.ForeignKey(Involvement, on_delete=models.PROTECT, related_name="information_items",
                               verbose_name=_("bron (partij)"))
    content = models.TextField(_("informatie"))
    received_on = models.DateField(_("ontvangen op"))
    purpose = models.CharField(_("doel"), max_length=200, default="Procesregie rond de zorgvraag", blank=True)
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    consent = models.ForeignKey("privacy.Consent", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="information_items", verbose_name=_("toestemming"))
    justification = models.TextField(_("onderbouwing"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("informatie-item")
        verbose_name_plural = _("informatie-items")

    def __str__(self):
        return f"{self.source} ({self.received_on})"


class StandInQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today, revoked_at__isnull=True)


class StandIn(models.Model):
    """Waarneming: a colleague of the region acts for an absent procesregisseur for a period.

    During the period the stand-in has the procesregisseur's access to every case of the absent
    one and gets their reminders and escalations; afterwards the access ends by itself (a periodic
    task re-syncs the cases when a period starts or ends).
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    absent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stand_ins",
                               verbose_name=_("afwezige procesregisseur"))
    stand_in = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standing_in",
                                 verbose_name=_("waarnemer"))
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    reason = models.CharField(_("reden"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Which edges of the period the permission sync has applied (so the periodic task is idempotent).
    applied_start = models.BooleanField(default=False)
    applied_end = models.BooleanField(default=False)

    objects = StandInQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("waarneming")
        verbose_name_plural = _("waarnemingen")
        indexes = [models.Index(fields=["absent", "starts_on"]), models.Index(fields=["stand_in"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="standin_period"),
            models.CheckConstraint(condition=~models.Q(absent=models.F("stand_in")), name="standin_not_self"),
        ]

    def __str__(self):
        return f"{self.stand_in} voor {self.absent} ({self.starts_on:%d-%m-%Y} t/m {self.ends_on:%d-%m-%Y})"

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and self.starts_on <= today <= self.ends_on


class PermissionReconciliation(models.Model):
    """One run of the nightly reconciliation: how many guardian rows it had to repair (0 expected)."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    cases_checked = models.PositiveIntegerField(default=0)
    rows_added = models.PositiveIntegerField(default=0)
    rows_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("controle van toegangsrechten")
        verbose_name_plural = _("controles van toegangsrechten")

    def __str__(self):
        return f"{self.started_at:%d-%m-%Y %H:%M}: +{self.rows_added} / -{self.rows_removed}"
