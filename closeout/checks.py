"""Facts from afschalen and evaluatie that the case workflow asks for (one query each)."""

from closeout.models import CloseOut, Evaluation
from monitoring.checks import monitoring_not_needed


def closeout_recorded_or_monitoring_not_needed(case) -> bool:
    return CloseOut.objects.filter(case=case).exists() or monitoring_not_needed(case)


def closeout_recorded(case) -> bool:
    return CloseOut.objects.filter(case=case).exists()


def evaluation_chosen(case) -> bool:
    return CloseOut.objects.filter(case=case, evaluate=True).exists()


def evaluation_done_or_skipped(case) -> bool:
    return Evaluation.objects.filter(case=case).exists()
