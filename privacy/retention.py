"""Retention: after a case is closed plus its region's term, personal data and free text go.

Every field the personal-data map (`cases.personal_data`) declares with `Retention.CLEAR` is
cleared; what stays are the facts the dashboards need: region, stage, urgency, dates of every
stage change, counts of meetings, check-ins and escalations, and the fields declared `KEEP`
(staff accounts, the access log, kept five years). Idempotent; anonymised cases are re-checked
every night, so anything written after anonymisation is cleared too.

The nightly task runs in parts of at most `RETENTION_RUN_SECONDS`: first the cases past their term
(batches of BATCH), then the re-check, one mapped model at a time. A part stops between two units
(a batch of cases, a model) once its time is spent and says where the next part goes on
(`RetentionResult.resume`: the model, and the last case of the batch it went through there); the
task queues that part at once. The re-check therefore still covers every model every night, and
every part moves on: a case that would stay dirty after cleaning is not cleaned again until the
next night. Parts that
run at once (a part redelivered after its worker died, beside the part it had already queued) lock
the cases of a batch and skip those another part holds, and the re-check asks again under the lock:
each case is anonymised, and its timeline says so, once.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases import timeline
from cases.constants import CaseStage
from cases.models import Case, Person
from cases.permissions import sync_case_permissions, sync_closed_cases_after_anonymising
from cases.personal_data import Retention
from privacy import datamap
from privacy.constants import PrivacyEvent
from privacy.datamap import ERASED
from zvh.deadline import Deadline
from zvh.hooks import Registry

ANONYMISED = "[geanonimiseerd]"
# Files kept by higher apps (planning's documents): each cleanup takes case ids and deletes their files.
FILE_CLEANUPS = Registry()
register_file_cleanup = FILE_CLEANUPS.register
BATCH = 200  # cases per transaction


@dataclass
class RetentionResult:
    cases: list
    # None: done. Else the time ran out: the next part goes on in the re-check at (model label, after
    # this case id); the cases past their term are always looked at first.
    resume: tuple[str, int] | None = None

    @property
    def count(self) -> int:
        return len(self.cases)


def due_for_anonymisation(now=None):
    """Closed, not yet anonymised cases whose region's retention term has passed.

    A month counts as 31 days (on the safe side). One condition per distinct term (a handful of
    regions' settings), so the query stays a single indexed scan.
    """
    from zvh.models import Region

    now = now or timezone.now()
    past_term = Q(pk__in=[])
    for months in Region.objects.values_list("retention_months", flat=True).distinct():
        past_term |= Q(region__retention_months=months, closed_at__lte=now - timedelta(days=31 * months))
    return (
        # Practice cases are deleted with the trainee's practice space, not anonymised.
        Case.objects.real().filter(past_term, stage=CaseStage.CLOSED, anonymised_at__isnull=True,
                                   closed_at__isnull=False)
        .order_by("closed_at", "pk")
    )


def _recheck_maps():
    """The mapped models the re-check reads, in a fixed order (a later part goes on from a label)."""
    return [m for m in datamap.case_maps() if datamap.fields_to(m, retention=Retention.CLEAR)]


def _holding_personal_data(model_map, among: list[int] | None = None) -> set[int]:
    """Ids of anonymised cases (of `among`, if given) where a mapped field of this model holds something
    again. One query."""
    anonymised = "anonymised_at__isnull" if model_map.case == "" else f"{model_map.case}__anonymised_at__isnull"
    names = datamap.fields_to(model_map, retention=Retention.CLEAR)
    rows = datamap.model_of(model_map).objects.filter(**{anonymised: False}).filter(
        datamap.dirty_condition(model_map, names, [ANONYMISED, ERASED]))
    if among is not None:
        rows = rows.filter(**{f"{model_map.case_id_path()}__in": among})
    return set(rows.values_list(model_map.case_id_path(), flat=True).distinct()) - {None}


def anonymised_cases_with_personal_data():
    """Anonymised cases where a mapped field holds something again (written after anonymisation).

    One query per declared model, whatever the number of cases.
    """
    case_ids = set()
    for model_map in _recheck_maps():
        case_ids |= _holding_personal_data(model_map)
    return Case.objects.filter(pk__in=case_ids).order_by("pk")


def _withdraw_lessons(case_ids, now) -> set[int]:
    """Lessons of the cases leave the library with their text (by label: privacy imports no closeout).
    Returns the ids of the cases that had one."""
    from django.apps import apps

    if not apps.is_installed("closeout"):
        return set()
    lessons = apps.get_model("closeout", "Lesson").objects.filter(case_id__in=case_ids).exclude(status="withdrawn")
    with_lessons = set(lessons.values_list("case_id", flat=True))
    if with_lessons:
        lessons.update(status="withdrawn", withdrawn_at=now)
    return with_lessons


def anonymise_case(case: Case, now=None) -> None:
    """Clear every mapped field of the case (the personal-data map); keep stages, dates and counts.

    Also for an already anonymised case: whatever was written after anonymisation goes too.
    """
    anonymise_cases([case], now)
    if case.anonymised_at is None:
        case.anonymised_at = Case.objects.values_list("anonymised_at", flat=True).get(pk=case.pk)


@transaction.atomic
def anonymise_cases(cases, now=None) -> None:
    """`anonymise_case` for a batch: one UPDATE per mapped model and a few statements for the batch,
    whatever its size (the nightly run stays within seconds)."""
    now = now or timezone.now()
    ids = [c.pk for c in cases]
    if not ids:
        return
    with_lessons = _withdraw_lessons(ids, now)
    for cleanup in FILE_CLEANUPS:
        cleanup(ids)
    for model_map in datamap.case_maps():
        names = datamap.fields_to(model_map, retention=Retention.CLEAR)
        if names:
            scope = {"pk__in": ids} if model_map.case == "" else {f"{model_map.case}__in": ids}
            datamap.model_of(model_map).objects.filter(**scope).update(
                **{name: datamap.blank_value(model_map, name, ANONYMISED) for name in names})
    Person.objects.filter(case_id__in=ids, erased_at__isnull=True).update(erased_at=now)
    Case.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(anonymised_at=now)
    # No description: the timeline's own texts are mapped fields, and must stay clean.
    if with_lessons:
        timeline.record_system(sorted(with_lessons), "lesson_retention")
    timeline.record_system(ids, PrivacyEvent.ANONYMISED)
    # An anonymised case grants less than a closed one (cases.access): the stored rights follow now,
    # not only at the nightly reconciliation; for closed cases in one go, any other case by its facts.
    for case in Case.objects.filter(pk__in=sync_closed_cases_after_anonymising(ids)):
        sync_case_permissions(case)


def apply_retention(*, dry_run: bool = False, now=None, limit: int | None = 1000, seconds: float | None = None,
                    resume_at: tuple[str, int] | None = None) -> RetentionResult:
    """Anonymise the cases past their term (at most `limit`; None: all), then re-clean anonymised cases
    that hold data again. With dry_run, only list them (at most `limit` of each).

    With `seconds`, stop between two units of work (a batch of cases, one model of the re-check) once
    they are spent; `resume` then says where the next part goes on (pass it as `resume_at`).
    """
    if dry_run:
        cases = list(due_for_anonymisation(now).select_related("region")[:limit])
        seen = {c.pk for c in cases}
        return RetentionResult(cases + [c for c in anonymised_cases_with_personal_data().select_related("region")
                                        [:limit] if c.pk not in seen])
    deadline = Deadline(seconds)
    maps = _recheck_maps()
    labels = [m.label for m in maps]
    label, after = resume_at if resume_at and resume_at[0] in labels else (labels[0], 0)
    done: list[Case] = []
    while limit is None or len(done) < limit:
        size = BATCH if limit is None else min(BATCH, limit - len(done))
        with transaction.atomic():
            # Two parts at once (a redelivered part beside the next one it had queued) take different
            # cases: each case is anonymised, and its timeline told so, once. NO KEY: rows that point at
            # a case (events, notifications) can still be written meanwhile.
            batch = list(due_for_anonymisation(now).select_related("region")
                         .select_for_update(skip_locked=True, no_key=True, of=("self",))[:size])
            if not batch:
                break
            anonymise_cases(batch, now)
        done += batch
        if deadline.passed():
            return RetentionResult(done, resume=(label, after))  # more may be due: the next part looks
    for position in range(labels.index(label), len(maps)):
        ids = sorted(i for i in _holding_personal_data(maps[position]) if i > after)
        after = 0
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            with transaction.atomic():
                locked = list(Case.objects.filter(pk__in=chunk).select_related("region").order_by("pk")
                              .select_for_update(skip_locked=True, no_key=True, of=("self",)))
                # Asked again under the lock: another part may have re-cleaned some since `ids` was read.
                still = _holding_personal_data(maps[position], among=[c.pk for c in locked]) if locked else set()
                batch = [case for case in locked if case.pk in still]
                anonymise_cases(batch, now)
            done += batch
            if deadline.passed() and start + BATCH < len(ids):
                return RetentionResult(done, resume=(labels[position], ids[start + BATCH - 1]))
        if deadline.passed() and position + 1 < len(maps):
            return RetentionResult(done, resume=(labels[position + 1], 0))
    return RetentionResult(done)
