"""The afschaalbesluit, the evaluation and the lessons shared with every region.

Their tables keep their names from when they lived in `monitoring` (the move changed state only).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from closeout.constants import LessonStatus, LessonTheme


class CloseOut(models.Model):
    """Afschalen (stap 5): which criteria hold and why, the handover, nazorg, and whether to evaluate."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="close_out")
    care_organised = models.BooleanField(default=False)
    care_organised_explanation = models.TextField(blank=True)
    family_self_reliant = models.BooleanField(default=False)
    family_self_reliant_explanation = models.TextField(blank=True)
    regie_handed_over = models.BooleanField(default=False)
    regie_handed_over_explanation = models.TextField(blank=True)
    handover_to = models.CharField(_("overgedragen aan"), max_length=200, blank=True)
    handover_organisation = models.ForeignKey("zvh.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
                                              related_name="+", verbose_name=_("organisatie"))
    handover_what = models.TextField(_("wat is overgedragen"), blank=True)
    nazorg_on = models.DateField(_("nazorgcontact op"), null=True, blank=True)
    evaluate = models.BooleanField(_("evalueren"), default=True)
    no_evaluation_reason = models.TextField(_("waarom niet evalueren"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "monitoring_closeout"  # the table from before closeout was its own app
        verbose_name = _("afschaalbesluit")
        verbose_name_plural = _("afschaalbesluiten")

    def __str__(self):
        return f"{self.case_id}"

    @property
    def criteria_met(self) -> int:
        return sum([self.care_organised, self.family_self_reliant, self.regie_handed_over])


class Evaluation(models.Model):
    """Evalueren (stap 6): what went well, what can improve, what we learn — or why it was skipped."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="evaluation")
    participants = models.TextField(_("wie deden mee"), blank=True)
    went_well = models.TextField(_("wat ging goed"), blank=True)
    to_improve = models.TextField(_("wat kan beter"), blank=True)
    learned = models.TextField(_("wat leren we voor volgende casussen"), blank=True)
    skipped = models.BooleanField(default=False)
    skip_reason = models.TextField(_("waarom geen evaluatie"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "monitoring_evaluation"
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self):
        return f"{self.case_id}"


class Lesson(models.Model):
    """A lesson from a case's evaluation, for every region, stripped of anything that identifies people.

    It is linked to its case (so retention and erasure reach it and its history is on the case
    timeline) but other regions see only the lesson, its region and date — and only after a second
    procesregisseur of the region reviewed it. The author and the beheerder can withdraw it.
    """

    title = models.CharField(_("titel"), max_length=150)
    theme = models.CharField(_("thema"), max_length=30, choices=LessonTheme.choices)
    text = models.TextField(_("les"))
    region = models.ForeignKey("zvh.Region", on_delete=models.PROTECT, related_name="lessons")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons")
    status = models.CharField(_("status"), max_length=20, choices=LessonStatus.choices,
                              default=LessonStatus.REVIEW)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    published_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.TextField(_("reden"), blank=True)

    class Meta:
        db_table = "monitoring_lesson"
        ordering = ["-published_at"]
        verbose_name = _("gedeelde les")
        verbose_name_plural = _("gedeelde lessen")
        indexes = [models.Index(fields=["theme", "-published_at"]), models.Index(fields=["status", "region"])]

    def __str__(self):
        return self.title
