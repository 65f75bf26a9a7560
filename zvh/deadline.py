"""How long a periodic job may run before it stops between two units of work and lets its next run go on."""

import time


class Deadline:
    """A moment `seconds` from now (None: never). Jobs check it only between units of work, after at
    least one, so every run makes progress whatever the budget."""

    def __init__(self, seconds: float | None = None):
        self.at = None if seconds is None else time.monotonic() + seconds

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at
