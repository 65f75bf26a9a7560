"""Vakontwikkeling: scenarios written by trainers, trainees' practice spaces and cases, debriefs and
development groups.

A practice space is a region of its own (`Region.is_practice`) with a practice account that the
trainee works as, and simulated partners. Everything a practice case holds lives in that region,
so the real lists, figures, sweeps and e-mail never meet it (see README "Oefenen").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case


class Scenario(models.Model):
    """A fictitious case to practise on: its starting situation, scripted events and points of
    attention, as one document in the shareable format (practice.scenario_format)."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=150)
    data = models.JSONField(_("scenario"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("auteur"))
    lessons = models.ManyToManyField("closeout.Lesson", blank=True, related_name="scenarios",
                                     verbose_name=_("lessen uit de bibliotheek"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("oefenscenario")
        verbose_name_plural = _("oefenscenario's")

    def __str__(self):
        return self.title


class PracticeSpace(models.Model):
    """A trainee's own practice environment: a practice region, the account they work as there,
    and (per scenario) the simulated partners. Deleting it deletes everything in it."""

    # PROTECT: a trainee's account is not deleted with a practice space still in it (delete the space first).
    trainee = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="practice_space")
    region = models.OneToOneField("zvh.Region", on_delete=models.PROTECT, related_name="practice_space")
    account = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practice_of")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("oefenomgeving")
        verbose_name_plural = _("oefenomgevingen")

    def __str__(self):
        return f"{self.trainee}"


class PracticeCase(models.Model):
    """One play of a scenario: the case, the scenario as it was when the play started, the simulated
    days the trainee moved the clock on, and whether the trainee shares the debrief with their groups."""

    space = models.ForeignKey(PracticeSpace, on_delete=models.CASCADE, related_name="cases")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="practice")
    scenario = models.ForeignKey(Scenario, on_delete=models.SET_NULL, null=True, related_name="plays")
    scenario_data = models.JSONField()
    started_at = models.DateTimeField(default=timezone.now)
    simulated_days = models.PositiveIntegerField(_("gesimuleerde dagen"), default=0)
    shared_with_groups = models.BooleanField(_("nabespreking delen met mijn ontwikkelgroepen"), default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("oefencasus")
        verbose_name_plural = _("oefencasussen")

    def __str__(self):
        return f"{self.scenario_data.get('title', '')} ({self.case.reference})"

    @property
    def title(self) -> str:
        return self.scenario_data.get("title", "")

    @property
    def day(self) -> int:
        """The day of the play now, in simulated time (day 0 is the start; the clock moves `started_at` back)."""
        return self.day_at(timezone.now())

    def day_at(self, at) -> int:
        """The day of the play at the moment `at`."""
        return max(0, (at - self.started_at).days)


class FiredEvent(models.Model):
    """A scripted event that has happened in a practice case: each fires once (the constraint)."""

    practice_case = models.ForeignKey(PracticeCase, on_delete=models.CASCADE, related_name="fired")
    key = models.CharField(max_length=80)
    outcome = models.TextField(blank=True)
    fired_at = models.DateTimeField(default=timezone.now)
    simulated_day = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["fired_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["practice_case", "key"], name="practice_event_once")]

    def __str__(self):
        return self.key


class DevelopmentGroup(models.Model):
    """Ontwikkelgroep: trainees of several regions who learn from each other's practice, led by a trainer."""

    name = models.CharField(_("naam"), max_length=150)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_groups",
                                verbose_name=_("trainer"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="development_groups",
                                     verbose_name=_("deelnemers"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ontwikkelgroep")
        verbose_name_plural = _("ontwikkelgroepen")

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """A trainer's feedback on a debrief, or a group member's contribution to its discussion."""

    practice_case = models.ForeignKey(PracticeCase, on_delete=models.CASCADE, related_name="feedback")
    group = models.ForeignKey(DevelopmentGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    by_trainer = models.BooleanField(default=False)
    text = models.TextField(_("reactie"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reactie op een nabespreking")
        verbose_name_plural = _("reacties op nabesprekingen")

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"
