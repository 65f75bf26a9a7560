"""The one place that turns the access policy into django-guardian rows on a case.

Nobody edits case permissions by hand. `cases.access` says what the facts of a case grant now;
whenever a fact changes (assignment, casusregisseur, invitees, activity owners, involvement,
consent, a stand-in period, a user's function, region or active flag, closing the case) the service
that changed it calls `sync_case_permissions(case)` in its transaction, which adds or removes rows
until the stored ones equal the desired ones. A nightly `reconcile_all` recomputes every case and
reports the drift it repaired (0 expected).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cases import access
from cases.constants import CaseStage
from cases.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission, PermissionReconciliation, StandIn


@dataclass
class SyncResult:
    added: int = 0
    removed: int = 0

    def __iadd__(self, other: "SyncResult"):
        self.added += other.added
        self.removed += other.removed
        return self

    @property
    def changed(self) -> int:
        return self.added + self.removed


def team_group_name(region) -> str:
    return f"zvh-team-{region.code.lower()}"


def team_group(region) -> Group:
    """The group of a region's procesregisseurs (membership follows function and region)."""
    group, _ = Group.objects.get_or_create(name=team_group_name(region))
    return group


def _case_permissions() -> dict[str, Permission]:
    content_type = ContentType.objects.get_for_model(Case)
    return {p.codename: p for p in Permission.objects.filter(content_type=content_type)}


def desired_user_permissions(case: Case) -> dict[int, set[str]]:
    return access.desired_user_permissions(case)


def desired_group_permissions(case: Case) -> dict[int, set[str]]:
    actions = access.desired_team_permissions(case)
    return {team_group(case.region).pk: set(actions)} if actions else {}


@transaction.atomic
def sync_case_permissions(case: Case) -> SyncResult:
    """Make the stored guardian permissions on `case` equal to what the access policy grants now.

    Idempotent; adds missing rows and deletes rows no fact supports any more (the previous
    procesregisseur's after a re-assignment, everyone's write rights once the case is closed).
    """
    case = Case.objects.select_related("region").get(pk=case.pk)
    perms = _case_permissions()
    result = _sync(CaseUserObjectPermission, "user_id", case, desired_user_permissions(case), perms)
    result += _sync(CaseGroupObjectPermission, "group_id", case, desired_group_permissions(case), perms)
    return result


def sync_closed_cases_after_anonymising(case_ids) -> list[int]:
    """`sync_case_permissions` for closed cases that were just anonymised, in two statements for the
    whole batch (`access.kept_when_closed_case_is_anonymised`). Returns the ids it could not handle
    so (a case that was not closed, or a policy where it depends on the holder): the caller syncs
    those one by one. Rows that had drifted from the facts before (a stand-in period that ended) are
    left to the reconciliation, as for every other case."""
    ids = set(case_ids)
    kept = access.kept_when_closed_case_is_anonymised()
    closed = set(Case.objects.filter(pk__in_ids=ids, stage=CaseStage.CLOSED, anonymised_at__isnull=False)
                 .values_list("pk", flat=True)) if kept is not None else set()
    if closed:
        CaseUserObjectPermission.objects.filter(content_object_id__in_ids=closed).exclude(
            permission__codename__in=kept).delete()
        CaseGroupObjectPermission.objects.filter(content_object_id__in_ids=closed).delete()
    return sorted(ids - closed)


def stored_user_permissions(case: Case) -> dict[int, set[str]]:
    stored: dict[int, set[str]] = {}
    for user_id, codename in CaseUserObjectPermission.objects.filter(content_object=case).values_list(
        "user_id", "permission__codename"
    ):
        stored.setdefault(user_id, set()).add(codename)
    return stored


def _sync(model, holder_field: str, case: Case, desired: dict[int, set[str]], perms) -> SyncResult:
    existing = {
        (holder, codename): pk
        for pk, holder, codename in model.objects.filter(content_object=case).values_list(
            "pk", holder_field, "permission__codename"
        )
    }
    wanted = {(holder, codename) for holder, codenames in desired.items() for codename in codenames}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    missing = wanted - existing.keys()
    model.objects.bulk_create(
        [
            model(**{holder_field: holder, "permission": perms[codename], "content_object": case})
            for holder, codename in sorted(missing)
        ]
    )
    return SyncResult(added=len(missing), removed=len(stale))


def sync_team_membership(user) -> None:
    """A procesregisseur belongs to exactly their region's team group; others to none."""
    team_groups = Group.objects.filter(name__startswith="zvh-team-")
    current = set(user.groups.filter(pk__in=team_groups).values_list("pk", flat=True))
    wanted = set()
    if user.region_id and access.is_eligible(user, access.Relation.PROCESREGISSEUR, user.region_id):
        wanted = {team_group(user.region).pk}
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))


@transaction.atomic
def sync_user(user, changed_fields=frozenset(), actor=None) -> SyncResult:
    """After a user's function, region, organisation or active flag changed: their team group and
    every case on which they hold, or may hold, a relation (registered on `zvh.hooks`)."""
    sync_team_membership(user)
    ids = access.case_ids_for_user(user)
    ids |= set(CaseUserObjectPermission.objects.filter(user=user).values_list("content_object_id", flat=True))
    result = SyncResult()
    for case in Case.objects.filter(pk__in=ids).order_by("pk"):
        result += sync_case_permissions(case)
    return result


def sync_cases_of(user_ids) -> SyncResult:
    """Re-sync every case whose procesregisseur is one of `user_ids` (a stand-in period changed)."""
    result = SyncResult()
    for case in Case.objects.filter(procesregisseur_id__in=set(user_ids)).order_by("pk"):
        result += sync_case_permissions(case)
    return result


def apply_stand_in_periods(today=None) -> int:
    """Start and end stand-in access on the day a period starts or ends (idempotent; hourly task).

    Returns how many stand-in periods it applied.
    """
    today = today or timezone.localdate()
    applied = 0
    starting = StandIn.objects.filter(applied_start=False, starts_on__lte=today)
    ending = StandIn.objects.filter(applied_end=False).exclude(ends_on__gte=today, revoked_at__isnull=True)
    for stand_in in [*starting, *ending]:
        with transaction.atomic():
            sync_cases_of([stand_in.absent_id])
            StandIn.objects.filter(pk=stand_in.pk).update(
                applied_start=True, applied_end=stand_in.ends_on < today or stand_in.revoked_at is not None)
        applied += 1
    return applied


def reconcile_all(batch: int = 500) -> PermissionReconciliation:
    """Recompute the permissions of every case and repair drift; record how many rows changed."""
    run = PermissionReconciliation.objects.create()
    result, checked, last = SyncResult(), 0, 0
    while True:
        ids = list(Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        for case in Case.objects.filter(pk__in=ids).order_by("pk"):
            result += sync_case_permissions(case)
        checked += len(ids)
        last = ids[-1]
    run.finished_at = timezone.now()
    run.cases_checked, run.rows_added, run.rows_removed = checked, result.added, result.removed
    run.save(update_fields=["finished_at", "cases_checked", "rows_added", "rows_removed"])
    return run
