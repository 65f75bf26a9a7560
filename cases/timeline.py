"""The case timeline: the one writer of `CaseEvent` rows, and the registry of event kinds.

Every write service records what it did with `record(...)`. The writer is also the lifecycle's
guard: it refuses (CaseReadOnly) on a closed or anonymised case, so a write that slipped past its
view rolls back with the service's transaction. Retention, erasure and the nazorg contact pass
`closed_ok=True` on purpose.

Apps register the kinds of event they write in `AppConfig.ready()` (`register_kinds`), so a new
kind needs no migration of `cases`.
"""

from django.utils import timezone

from cases import access
from cases.models import Case, CaseEvent
from zvh.hooks import Registry

KINDS: dict[str, str] = {}
# hook(event) after every event `record` wrote, in the same transaction (practice: scripted events).
RECORDED = Registry()
register_recorded = RECORDED.register


def register_kinds(kinds) -> None:
    """Register event kinds: a mapping code → label, or a TextChoices class."""
    items = kinds.choices if hasattr(kinds, "choices") else kinds.items()
    KINDS.update({str(code): label for code, label in items})


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def touch(case: Case, *, now=None) -> None:
    """Record activity on the case (resets the stagnation clock)."""
    now = now or timezone.now()
    Case.objects.filter(pk=case.pk).update(last_activity_at=now)
    case.last_activity_at = now


def record(case: Case, kind: str, *, actor, description: str = "", closed_ok: bool = False,
           touch_case: bool = True, person_id: int | None = None) -> CaseEvent:
    """Append an event to the case's timeline; refuse on a closed or anonymised case.

    `touch_case` also counts the event as activity on the case (the stagnation clock).
    """
    if kind not in KINDS:
        raise ValueError(f"Unregistered case event kind {kind!r}")
    if not closed_ok:
        access.ensure_writable(case)
    event = CaseEvent.objects.create(case=case, kind=kind, actor=actor, description=str(description),
                                     person_id=person_id)
    if touch_case:
        touch(case, now=event.created_at)
    event.case = case
    for hook in RECORDED:
        hook(event)
    return event


def record_system(case_ids, kind: str) -> int:
    """Append the same event without actor or description to many cases at once, closed or not
    (retention over a nightly batch). Not activity on the cases. One query."""
    if kind not in KINDS:
        raise ValueError(f"Unregistered case event kind {kind!r}")
    now = timezone.now()
    return len(CaseEvent.objects.bulk_create([CaseEvent(case_id=pk, kind=kind, created_at=now) for pk in case_ids],
                                             batch_size=2000))
