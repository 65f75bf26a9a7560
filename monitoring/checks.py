"""Facts from monitoring, afschalen and evaluatie that the case workflow asks for (one query each)."""

from monitoring.models import CloseOut, Evaluation, MonitoringArrangement


def closeout_recorded_or_monitoring_not_needed(case) -> bool:
    return (CloseOut.objects.filter(case=case).exists()
            or MonitoringArrangement.objects.filter(case=case, not_needed=True).exists())


def closeout_recorded(case) -> bool:
    return CloseOut.objects.filter(case=case).exists()


def evaluation_chosen(case) -> bool:
    return CloseOut.objects.filter(case=case, evaluate=True).exists()


def evaluation_done_or_skipped(case) -> bool:
    return Evaluation.objects.filter(case=case).exists()
