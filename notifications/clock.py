"""The clock of the outbox's back-off: real time, optionally shifted for the fault suite.

`OUTBOX_CLOCK_FILE` (empty in production) names a file holding a number of seconds that is added
to the current time when back-off and the retry deadline are computed. The fault suite uses it to
let a mail outage of more than 48 hours pass in a few seconds of real time.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def offset() -> timedelta:
    path = getattr(settings, "OUTBOX_CLOCK_FILE", "")
    if not path:
        return timedelta(0)
    try:
        return timedelta(seconds=float(Path(path).read_text().strip() or 0))
    except (OSError, ValueError):
        return timedelta(0)


def now():
    return timezone.now() + offset()
