"""Periodic jobs in short runs: how long one run may take before it stops between two units of work,
and how it hands the rest to its next run."""

import logging
import time

logger = logging.getLogger(__name__)


class Deadline:
    """A moment `seconds` from now (None: never). Jobs check it only between units of work, after at
    least one, so every run makes progress whatever the budget."""

    def __init__(self, seconds: float | None = None):
        self.at = None if seconds is None else time.monotonic() + seconds

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at


def queue_next_run(task, **kwargs) -> None:
    """Queue the Celery `task`'s next run now. A broker error is logged, not raised: what this run did
    is committed, and the task's own schedule (beat) starts it again."""
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception as error:  # noqa: BLE001 - any broker error: the schedule runs the task again
        logger.warning("Vervolg van %s niet in de wachtrij gezet: %s", task.name, error)
