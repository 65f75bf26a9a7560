"""Retention: after a case is closed plus its region's term, personal data and free text go.

What stays are the facts the dashboards need: region, stage, urgency, dates of every stage change,
counts of meetings, check-ins and escalations. The access log is not touched (kept five years).
Idempotent: an anonymised case is marked and skipped next time.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.constants import CaseStage, EventKind
from cases.models import Case, CaseEvent

ANONYMISED = "[geanonimiseerd]"

# (model label, path from the model to its case, fields to blank or replace). Every free-text or
# personal field of a case lives in one of these.
FREE_TEXT = [
    ("cases.Case", "", ["reason", "referrer_goal", "zorgvraag", "triage_explanation", "close_reason",
                        "referrer_name", "referrer_contact", "referred_to"]),
    ("cases.Person", "case", ["first_name", "last_name", "relation", "basis_justification"]),
    ("cases.Involvement", "case", ["contact_name", "contact_email", "contact_phone", "ask_notes", "primary_task"]),
    ("cases.InformationItem", "case", ["content", "justification"]),
    ("cases.CaseStageChange", "case", ["reason"]),
    ("cases.CaseEvent", "case", ["description"]),
    ("planning.Meeting", "case", ["location", "online_url", "minutes"]),
    ("planning.MeetingInvitee", "meeting__case", ["name", "email"]),
    ("planning.Decision", "meeting__case", ["text"]),
    ("planning.Analysis", "plan__case", ["facts", "concerns", "strengths", "explanation"]),
    ("planning.Goal", "plan__case", ["text"]),
    ("planning.SolutionDirection", "plan__case", ["text"]),
    ("planning.Scenario", "plan__case", ["description", "trigger"]),
    ("planning.Activity", "scenario__plan__case", ["what", "responsible_name"]),
    ("planning.Plan", "case", ["information_agreements", "monitoring_notes", "switch_reason"]),
    ("planning.PlanVersion", "plan__case", ["snapshot"]),
    ("monitoring.CheckIn", "case", ["progress"]),
    ("monitoring.ProgressNote", "checkin__case", ["note"]),
    ("monitoring.Escalation", "case", ["explanation", "resolution_note"]),
    ("monitoring.Notification", "case", ["body"]),
    ("monitoring.MonitoringArrangement", "case", ["not_needed_reason"]),
    ("monitoring.CloseOut", "case", ["care_organised_explanation", "family_self_reliant_explanation",
                                     "regie_handed_over_explanation", "handover_to", "handover_what",
                                     "no_evaluation_reason"]),
    ("monitoring.Evaluation", "case", ["participants", "went_well", "to_improve", "learned", "skip_reason"]),
    ("privacy.Consent", "case", ["information"]),
]


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


def _blank(model, field_name):
    from django.apps import apps

    field = apps.get_model(model)._meta.get_field(field_name)
    if field.get_internal_type() == "JSONField":
        return {}
    if field.null:
        return None
    return ANONYMISED if field.get_internal_type() == "TextField" or field_name in ("first_name", "last_name") else ""


@transaction.atomic
def anonymise_case(case: Case, now=None) -> None:
    """Replace every personal or free-text field of the case; keep stages, dates and counts."""
    from django.apps import apps

    now = now or timezone.now()
    for label, path, fields in FREE_TEXT:
        model = apps.get_model(label)
        lookup = {"pk": case.pk} if not path else {path: case}
        model.objects.filter(**lookup).update(**{name: _blank(label, name) for name in fields})
    from cases.models import Person

    Person.objects.filter(case=case).update(date_of_birth=None, match_key="", erased_at=now)
    Case.objects.filter(pk=case.pk).update(anonymised_at=now)
    CaseEvent.objects.create(case=case, kind=EventKind.ANONYMISED, actor=None)


def apply_retention(*, dry_run: bool = False, now=None, limit: int = 1000) -> RetentionResult:
    """Anonymise the cases past their term (or, with dry_run, only list them)."""
    cases = list(due_for_anonymisation(now).select_related("region")[:limit])
    if not dry_run:
        for case in cases:
            anonymise_case(case, now)
    return RetentionResult(cases=cases)
