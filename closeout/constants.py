"""Afschalen (stap 5), evalueren (stap 6) and the national lessons library."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonTheme(models.TextChoices):
    SAMENWERKING = "samenwerking", _("Samenwerking tussen partijen")
    JEUGDIGE = "jeugdige", _("De jeugdige en ouders betrekken")
    INFORMATIE = "informatie", _("Informatie delen en privacy")
    ANALYSE = "analyse", _("Analyse en doelen")
    PLAN_B = "plan_b", _("Plan A en plan B")
    MONITORING = "monitoring", _("Monitoren en opschalen")
    AFSCHALEN = "afschalen", _("Afschalen en overdracht")
    OVERIG = "overig", _("Overig")


# The close-out criteria of stap 5, as (field prefix, label).
CLOSE_OUT_CRITERIA = [
    ("care_organised", _("Zorg en hulp zijn goed georganiseerd; de procesregisseur voegt niets meer toe")),
    ("family_self_reliant", _("De jeugdige of het gezin heeft passende hulp, of kan zelf de regie voeren en de "
                              "juiste instanties vinden")),
    ("regie_handed_over", _("De regie is overgedragen aan een professional die gericht werkt aan passende hulp")),
]
# The same criteria, short, for tables (dashboards).
CLOSE_OUT_CRITERIA_SHORT = {
    "care_organised": _("Criterium: zorg is passend georganiseerd"),
    "family_self_reliant": _("Criterium: jeugdige/gezin heeft passende hulp of voert zelf regie"),
    "regie_handed_over": _("Criterium: regie overgedragen aan een professional"),
}


class LessonStatus(models.TextChoices):
    """A lesson is seen by other regions only after a second procesregisseur of the region reviewed it."""

    REVIEW = "review", _("Ter beoordeling")
    PUBLISHED = "published", _("Gedeeld met alle regio's")
    REJECTED = "rejected", _("Teruggegeven bij beoordeling")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class LessonEvent(models.TextChoices):
    """Timeline kinds of the lessons library (registered in CloseoutConfig.ready())."""

    LESSON_SUBMITTED = "lesson_submitted", _("Les ter beoordeling aangeboden")
    LESSON_APPROVED = "lesson_approved", _("Les beoordeeld en gedeeld met alle regio's")
    LESSON_REJECTED = "lesson_rejected", _("Les teruggegeven bij beoordeling")
    LESSON_WITHDRAWN = "lesson_withdrawn", _("Les ingetrokken")
    LESSON_RETENTION = "lesson_retention", _("Les verwijderd na de bewaartermijn")


class CloseOutEvent(models.TextChoices):
    """Timeline kinds of afschalen and evaluatie (registered in CloseoutConfig.ready())."""

    CLOSE_OUT_RECORDED = "close_out_recorded", _("Afschaalbesluit vastgelegd")
    EVALUATED = "evaluated", _("Geëvalueerd")
    EVALUATION_SKIPPED = "evaluation_skipped", _("Evaluatie overgeslagen")
    LESSON_PUBLISHED = "lesson_published", _("Les gedeeld met alle regio's")
