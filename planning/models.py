import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import LegalBasis
from cases.models import Case, Involvement, Person
from planning.constants import (
    AGENDA_FIELDS,
    AGENDA_PARTS,
    SUCCESS_CONDITIONS,
    TREATMENT_WORDS,
    ActivityStatus,
    Attendance,
    ContactMode,
    Helps,
    InviteeRole,
    MeetingKind,
    MeetingStatus,
    Participation,
    PlanStatus,
    RsvpStatus,
    ScenarioKind,
    VoiceMode,
)
from zvh.models import Organisation


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@zvh-procesregie"


class Meeting(models.Model):
    """An overleg about a case: who is invited, what was discussed, what was decided."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("soort overleg"), max_length=30, choices=MeetingKind.choices,
                            default=MeetingKind.PLAN)
    starts_at = models.DateTimeField(_("begin"))
    ends_at = models.DateTimeField(_("einde"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    cancel_reason = models.CharField(_("reden van annuleren"), max_length=300, blank=True)
    minutes = models.TextField(_("verslag"), blank=True)
    organizer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+", verbose_name=_("organisator"))
    # iCalendar: the UID stays the same for the life of the meeting; SEQUENCE goes up on every change
    # the invitees must see (time, place, cancellation), so calendars replace the earlier version.
    ical_uid = models.CharField(max_length=100, unique=True, default=new_ical_uid, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)

    # Agenda of stap 3 (a–d): marked when discussed in this meeting.
    agenda_analysis = models.BooleanField(AGENDA_PARTS[0][2], default=False)
    agenda_goals = models.BooleanField(AGENDA_PARTS[1][2], default=False)
    agenda_solutions = models.BooleanField(AGENDA_PARTS[2][2], default=False)
    agenda_plan = models.BooleanField(AGENDA_PARTS[3][2], default=False)
    # The verslag per agenda part (its decisions are Decisions with the part's letter).
    agenda_analysis_notes = models.TextField(_("aantekeningen a"), blank=True)
    agenda_goals_notes = models.TextField(_("aantekeningen b"), blank=True)
    agenda_solutions_notes = models.TextField(_("aantekeningen c"), blank=True)
    agenda_plan_notes = models.TextField(_("aantekeningen d"), blank=True)

    # The seven success conditions (seed 003), as the procesregisseur judged them for this meeting.
    sc_all_parties = models.BooleanField(SUCCESS_CONDITIONS[0][1], default=False)
    sc_interests_visible = models.BooleanField(SUCCESS_CONDITIONS[1][1], default=False)
    sc_respect = models.BooleanField(SUCCESS_CONDITIONS[2][1], default=False)
    sc_shared_goals = models.BooleanField(SUCCESS_CONDITIONS[3][1], default=False)
    sc_information_sharing = models.BooleanField(SUCCESS_CONDITIONS[4][1], default=False)
    sc_safe_climate = models.BooleanField(SUCCESS_CONDITIONS[5][1], default=False)
    sc_clear_agreements = models.BooleanField(SUCCESS_CONDITIONS[6][1], default=False)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        indexes = [models.Index(fields=["case", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d-%m-%Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def covers_agenda(self) -> bool:
        return all(getattr(self, name) for name in AGENDA_FIELDS)

    @property
    def agenda(self) -> list[tuple[str, str, bool]]:
        """(letter, label, discussed) for each agenda part."""
        return [(letter, str(label), getattr(self, name)) for name, letter, label in AGENDA_PARTS]

    @property
    def agenda_notes(self) -> list[tuple[str, str, bool, str]]:
        """(letter, label, discussed, notes) for each agenda part."""
        return [(letter, str(label), getattr(self, name), getattr(self, f"{name}_notes"))
                for name, letter, label in AGENDA_PARTS]

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def success_conditions(self) -> list[tuple[str, bool]]:
        return [(str(label), getattr(self, name)) for name, label in SUCCESS_CONDITIONS]


class MeetingInvitee(models.Model):
    """Someone invited to a meeting: a professional of a party, or the youth or a parent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    role = models.CharField(_("rol"), max_length=20, choices=InviteeRole.choices,
                            default=InviteeRole.PROFESSIONAL)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisatie"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="meeting_invitations", verbose_name=_("gebruiker"))
    name = models.CharField(_("naam"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    participation = models.CharField(_("hoe neemt deel"), max_length=20, choices=Participation.choices,
                                     default=Participation.PRESENT)
    attendance = models.CharField(_("aanwezigheid"), max_length=20, choices=Attendance.choices,
                                  default=Attendance.UNKNOWN)
    invited_at = models.DateTimeField(_("uitnodiging verstuurd"), null=True, blank=True)
    invited_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # At the table: in which role and on whose behalf someone spoke (e.g. "mentor", "namens de moeder").
    seat_role = models.CharField(_("rol aan tafel"), max_length=100, blank=True)
    on_behalf_of = models.CharField(_("namens"), max_length=150, blank=True)
    # The reply to the invitation: in the app, or through the single-use link in the e-mail (only its
    # SHA-256 is stored; answering clears it).
    rsvp = models.CharField(_("antwoord"), max_length=20, choices=RsvpStatus.choices, default=RsvpStatus.PENDING)
    rsvp_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    rsvp_note = models.CharField(_("toelichting bij het antwoord"), max_length=300, blank=True)
    rsvp_token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        indexes = [models.Index(fields=["user", "meeting"])]

    def __str__(self):
        return self.display_name

    @property
    def has_email(self) -> bool:
        return bool(self.email or (self.user_id and self.user.email))

    @property
    def display_name(self) -> str:
        name = self.name or (self.user.get_full_name() if self.user_id else "")
        if self.organisation_id and name:
            return f"{name} ({self.organisation})"
        return name or str(self.organisation or "")


class Decision(models.Model):
    """A decision taken in a meeting; it may become an activity of the plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"))
    agenda_part = models.CharField(_("agendapunt"), max_length=1, blank=True,
                                   choices=[(letter, label) for _n, letter, label in AGENDA_PARTS])
    activity = models.OneToOneField("Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="decision", verbose_name=_("activiteit"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self):
        return self.text[:60]


class Plan(models.Model):
    """The plan van aanpak of a case: one per case, versioned by adoption (vaststellen)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    version = models.PositiveIntegerField(_("versie"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    casusregisseur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="plans_as_casusregisseur",
                                       verbose_name=_("casusregisseur"))
    information_agreements = models.TextField(_("afspraken over elkaar op de hoogte houden"), blank=True)
    first_checkin_on = models.DateField(_("eerste monitormoment"), null=True, blank=True)
    monitoring_notes = models.TextField(_("afspraken over monitoring"), blank=True)
    active_scenario = models.CharField(_("actief scenario"), max_length=1, choices=ScenarioKind.choices,
                                       default=ScenarioKind.A)
    switched_to_b_at = models.DateTimeField(null=True, blank=True)
    switch_reason = models.TextField(_("reden overstap op plan B"), blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    # Optimistic locking: a form carries the lock_version it was loaded with; a stale save is refused.
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        indexes = [models.Index(fields=["casusregisseur"])]

    def __str__(self):
        return f"{self.case_id} v{self.version}"

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanStatus.ADOPTED


class Analysis(models.Model):
    """Agenda part (a): the shared analysis in a fixed structure."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="analysis")
    facts = models.TextField(_("feiten"), blank=True)
    concerns = models.TextField(_("zorgen"), blank=True)
    strengths = models.TextField(_("krachten"), blank=True)
    explanation = models.TextField(_("verklaring"), blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")

    def __str__(self):
        return f"analyse {self.plan_id}"

    @property
    def is_empty(self) -> bool:
        return not any((self.facts, self.concerns, self.strengths, self.explanation))


class Goal(models.Model):
    """Agenda part (b): a goal phrased as the youth's perspective."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("doel"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")

    def __str__(self):
        return self.text[:80]

    @property
    def reads_as_treatment(self) -> bool:
        return reads_as_treatment(self.text)


def reads_as_treatment(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in TREATMENT_WORDS)


class SolutionDirection(models.Model):
    """Agenda part (c): what a party sees as a way forward."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="solution_directions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("partij"))
    text = models.TextField(_("oplossingsrichting"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("oplossingsrichting")
        verbose_name_plural = _("oplossingsrichtingen")

    def __str__(self):
        return f"{self.organisation}: {self.text[:60]}"


class Scenario(models.Model):
    """Plan A, or plan B with the condition under which it takes over."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scenarios")
    kind = models.CharField(_("scenario"), max_length=1, choices=ScenarioKind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    trigger = models.TextField(_("wanneer treedt dit scenario in werking"), blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="scenario_unique_kind")]

    def __str__(self):
        return self.get_kind_display()


class Activity(models.Model):
    """Agenda part (d): who does what, when, for which goal."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="activities")
    what = models.TextField(_("wat"))
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
                             verbose_name=_("doel"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("verantwoordelijke organisatie"))
    responsible_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="planned_activities",
                                         verbose_name=_("verantwoordelijke (gebruiker)"))
    responsible_name = models.CharField(_("verantwoordelijke (naam)"), max_length=150, blank=True)
    due_date = models.DateField(_("uiterlijk op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [models.Index(fields=["organisation", "scenario"]),
                   models.Index(fields=["responsible_user"])]

    def __str__(self):
        return self.what[:80]

    @property
    def responsible(self) -> str:
        if self.responsible_user_id:
            return self.responsible_user.get_full_name() or self.responsible_user.username
        return self.responsible_name


class PlanVersion(models.Model):
    """A frozen, adopted version of the plan: its content as JSON, for history and diffs."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    adopted_at = models.DateTimeField(default=timezone.now)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")]

    def __str__(self):
        return f"{self.plan_id} v{self.number}"


class YouthVoice(models.Model):
    """The youth's or a parent's voice in an overleg: how they took part, and their own words."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="voices")
    person = models.ForeignKey("cases.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("wie"))
    name = models.CharField(_("naam"), max_length=150, blank=True)
    mode = models.CharField(_("hoe deelgenomen"), max_length=20, choices=VoiceMode.choices)
    represented_by = models.CharField(_("vertegenwoordigd door"), max_length=150, blank=True)
    not_heard_reason = models.TextField(_("waarom niet gehoord"), blank=True)
    own_words = models.TextField(_("in eigen woorden"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        verbose_name = _("stem van jeugdige of ouder")
        verbose_name_plural = _("stemmen van jeugdige en ouders")

    def __str__(self):
        return f"{self.who}: {self.get_mode_display()}"

    @property
    def who(self) -> str:
        if self.person_id:
            return f"{self.person.first_name} ({self.person.get_role_display()})"
        return self.name


class ActivityReport(models.Model):
    """A progress report on an activity by the party that carries it out."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)
    note = models.TextField(_("voortgang"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("voortgangsmelding")
        verbose_name_plural = _("voortgangsmeldingen")

    def __str__(self):
        return f"{self.activity_id}: {self.get_status_display()}"


class Contact(models.Model):
    """Vinger aan de pols: a call or contact between meetings, with an agreed follow-up."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField(_("datum"))
    mode = models.CharField(_("soort contact"), max_length=20, choices=ContactMode.choices, default=ContactMode.PHONE)
    with_whom = models.CharField(_("met wie"), max_length=150)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisatie"))
    about = models.TextField(_("waarover"))
    follow_up = models.CharField(_("afgesproken vervolg"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("vervolg uiterlijk op"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("vervolg afgerond op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        indexes = [models.Index(fields=["case", "-happened_on"]),
                   models.Index(fields=["follow_up_on", "follow_up_done_at"])]

    def __str__(self):
        return f"{self.happened_on:%d-%m-%Y} {self.with_whom}"

    @property
    def follow_up_open(self) -> bool:
        return bool(self.follow_up_on and not self.follow_up_done_at)


class EvaluationAnswer(models.Model):
    """The continuous evaluation questions, answered at an overleg or a check-in."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluation_answers")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # A check-in of the monitoring app (a higher app: no foreign key from here).
    checkin_id = models.BigIntegerField(null=True, blank=True)
    answered_on = models.DateField(_("datum"))
    question = models.TextField(_("Wat was de vraag?"))
    intention = models.TextField(_("Wat was de bedoeling?"))
    helps = models.CharField(_("Helpt wat we doen?"), max_length=10, choices=Helps.choices)
    helps_note = models.TextField(_("toelichting"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_on", "pk"]
        verbose_name = _("antwoord op de evaluatievragen")
        verbose_name_plural = _("antwoorden op de evaluatievragen")
        indexes = [models.Index(fields=["case", "answered_on"])]

    def __str__(self):
        return f"{self.answered_on:%d-%m-%Y} {self.get_helps_display()}"


class OtherTable(models.Model):
    """Another overleg where the case is also discussed (to avoid a double overleg)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="other_tables")
    name = models.CharField(_("welk overleg"), max_length=150)
    contact = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    agreed = models.TextField(_("wat is afgesproken"), blank=True)
    ended_on = models.DateField(_("niet meer besproken sinds"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ander overleg")
        verbose_name_plural = _("andere overleggen")

    def __str__(self):
        return self.name


class ScanStatus(models.TextChoices):
    CLEAN = "clean", _("op virussen gescand, niets gevonden")
    NOT_SCANNED = "not_scanned", _("niet op virussen gescand")


class Document(models.Model):
    """A report, letter or picture of the case: kept in a private root (`planning.documents`), served
    only by a permission-checked, access-logged view; its file goes at retention and with the
    person it is about on erasure."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
                               verbose_name=_("over persoon"))
    source = models.ForeignKey(Involvement, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="documents", verbose_name=_("bron (partij)"))
    source_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                            related_name="+", verbose_name=_("bron (organisatie)"))
    document_date = models.DateField(_("datum van het document"))
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    purpose = models.CharField(_("doel"), max_length=200)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255, blank=True)
    content_type = models.CharField(_("soort bestand"), max_length=120)
    size = models.PositiveIntegerField(_("grootte in bytes"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True)
    scan_status = models.CharField(_("virusscan"), max_length=20, choices=ScanStatus.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("toegevoegd door"))
    uploaded_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    file_removed_at = models.DateTimeField(_("bestand verwijderd op"), null=True, blank=True)

    class Meta:
        ordering = ["-document_date", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        indexes = [models.Index(fields=["case", "-document_date"])]

    def __str__(self):
        return self.title

    @property
    def source_name(self) -> str:
        return str(self.source_organisation or "")

    @property
    def file_type_label(self) -> str:
        from planning.documents import BY_MIME

        known = BY_MIME.get(self.content_type)
        return known.label if known else self.content_type

    @property
    def download_name(self) -> str:
        """A safe file name: the title's letters and digits, the extension of the detected type."""
        from django.utils.text import slugify

        from planning.documents import BY_MIME

        known = BY_MIME.get(self.content_type)
        return f"{slugify(self.title)[:80] or 'document'}.{known.extension if known else 'bin'}"
