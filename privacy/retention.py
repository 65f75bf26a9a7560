"""Retention: after a case is closed plus its region's term, personal data and free text go.

Every field the personal-data map (`cases.personal_data`) declares with `Retention.CLEAR` is
cleared; what stays are the facts the dashboards need: region, stage, urgency, dates of every
stage change, counts of meetings, check-ins and escalations, and the fields declared `KEEP`
(staff accounts, the access log, kept five years). Idempotent; anonymised cases are re-checked
every run, so anything written after anonymisation is cleared too.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases import timeline
from cases.constants import CaseStage
from cases.models import Case, Person
from cases.personal_data import Retention
from privacy import datamap
from privacy.constants import PrivacyEvent
from privacy.datamap import ERASED

ANONYMISED = "[geanonimiseerd]"


@dataclass
class RetentionResult:
    cases: list

    @property
    def count(self) -> int:
        return len(self.cases)


def due_for_anonymisation(now=None):
    """Closed, not yet anonymised cases whose region's retention term has passed.

    A month counts as 31 days (on the safe side). One condition per distinct term (a handful of
    regions' settings), so the query stays a single indexed scan.
    """
    from zvh.models import Region

    now = now or timezone.now()
    past_term = Q(pk__in=[])
    for months in Region.objects.values_list("retention_months", flat=True).distinct():
        past_term |= Q(region__retention_months=months, closed_at__lte=now - timedelta(days=31 * months))
    return (
        Case.objects.filter(past_term, stage=CaseStage.CLOSED, anonymised_at__isnull=True, closed_at__isnull=False)
        .order_by("closed_at", "pk")
    )


def anonymised_cases_with_personal_data():
    """Anonymised cases where a mapped field holds something again (written after anonymisation).

    One query per declared model, whatever the number of cases.
    """
    case_ids = set()
    for model_map in datamap.case_maps():
        names = datamap.fields_to(model_map, retention=Retention.CLEAR)
        if not names:
            continue
        anonymised = "anonymised_at__isnull" if model_map.case == "" else f"{model_map.case}__anonymised_at__isnull"
        rows = datamap.model_of(model_map).objects.filter(**{anonymised: False}).filter(
            datamap.dirty_condition(model_map, names, [ANONYMISED, ERASED]))
        case_ids.update(rows.values_list(model_map.case_id_path(), flat=True).distinct())
    case_ids.discard(None)
    return Case.objects.filter(pk__in=case_ids).order_by("pk")


def _withdraw_lessons(case, now) -> int:
    """Lessons of the case leave the library with their text (by label: privacy imports no closeout)."""
    from django.apps import apps

    if not apps.is_installed("monitoring"):
        return 0
    lesson = apps.get_model("closeout", "Lesson")
    return lesson.objects.filter(case=case).exclude(status="withdrawn").update(status="withdrawn", withdrawn_at=now)


@transaction.atomic
def anonymise_case(case: Case, now=None) -> None:
    """Clear every mapped field of the case (the personal-data map); keep stages, dates and counts.

    Also for an already anonymised case: whatever was written after anonymisation goes too.
    """
    now = now or timezone.now()
    first_time = case.anonymised_at is None
    lessons = _withdraw_lessons(case, now)
    for model_map in datamap.case_maps():
        names = datamap.fields_to(model_map, retention=Retention.CLEAR)
        if names:
            datamap.model_of(model_map).objects.filter(**model_map.case_filter(case)).update(
                **{name: datamap.blank_value(model_map, name, ANONYMISED) for name in names})
    Person.objects.filter(case=case, erased_at__isnull=True).update(erased_at=now)
    if first_time:
        Case.objects.filter(pk=case.pk).update(anonymised_at=now)
        case.anonymised_at = now
    # No description: the timeline's own texts are mapped fields, and must stay clean.
    if lessons:
        timeline.record(case, "lesson_retention", actor=None, closed_ok=True, touch_case=False)
    timeline.record(case, PrivacyEvent.ANONYMISED, actor=None, closed_ok=True, touch_case=False)


def apply_retention(*, dry_run: bool = False, now=None, limit: int = 1000) -> RetentionResult:
    """Anonymise the cases past their term and re-clean anonymised cases that hold data again.

    With dry_run, only list them.
    """
    cases = list(due_for_anonymisation(now).select_related("region")[:limit])
    seen = {c.pk for c in cases}
    cases += [c for c in anonymised_cases_with_personal_data().select_related("region")[:limit] if c.pk not in seen]
    if not dry_run:
        for case in cases:
            anonymise_case(case, now)
    return RetentionResult(cases=cases)
