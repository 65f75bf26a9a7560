"""Facts from monitoring that the case workflow asks for (one query each)."""

from monitoring.models import MonitoringArrangement


def monitoring_not_needed(case) -> bool:
    return MonitoringArrangement.objects.filter(case=case, not_needed=True).exists()
