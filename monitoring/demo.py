"""Demo data for stap 4–6: a check-in due today (so `make run` shows a reminder within a minute),
all through the real services."""


from django.utils import timezone

from cases.constants import CaseStage
from cases.models import Case
from monitoring import services
from monitoring.constants import CheckInKind


def seed_monitoring(region, users) -> None:
    """A monitoring rhythm and a check-in due today for the region's monitored cases."""
    for case in Case.objects.filter(region=region, stage=CaseStage.MONITORING).select_related("procesregisseur"):
        actor = case.procesregisseur
        services.arrangement_set(case=case, actor=actor, frequency_days=14, not_needed=False)
        services.checkin_schedule(case=case, actor=actor, scheduled_on=timezone.localdate(),
                                  kind=CheckInKind.PHONE_ROUND, assignee=users["casusregisseur"])
