"""Reads for the afschalen/evaluatie part of the case page (two queries)."""

from closeout.constants import CLOSE_OUT_CRITERIA
from closeout.models import CloseOut, Evaluation


def case_context(case, perms) -> dict:
    if not perms & {"view_case", "record_progress"}:
        return {}
    return {
        "close_out": CloseOut.objects.filter(case=case).select_related("handover_organisation").first(),
        "evaluation": Evaluation.objects.filter(case=case).first(),
        "close_out_criteria": CLOSE_OUT_CRITERIA,
    }
