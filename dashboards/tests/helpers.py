from datetime import datetime
from zoneinfo import ZoneInfo

from cases.models import CaseStageChange

AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=12, minute=0) -> datetime:
    """An aware datetime, Amsterdam time."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def history(case, opened_at, *steps):
    """Give `case` a stage history: opened at `opened_at`, then (from, to, when) for each step."""
    type(case).objects.filter(pk=case.pk).update(opened_at=opened_at)
    CaseStageChange.objects.bulk_create(
        [CaseStageChange(case=case, from_stage=a, to_stage=b, created_at=when) for a, b, when in steps])
