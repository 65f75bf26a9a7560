"""The one place that turns domain facts into django-guardian permissions on a case.

Nobody edits case permissions by hand. Whenever a fact changes (a case is registered or
triaged, its procesregisseur or casusregisseur changes, a partner is involved or invited),
the service that changed it calls `sync_case_permissions(case)`, which computes the
permissions the facts grant and adds or removes rows until the stored ones match.
"""

from collections import defaultdict

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cases.constants import CaseStage
from cases.models import Case, CaseGroupObjectPermission, CaseUserObjectPermission

PROCESREGISSEUR_PERMS = frozenset(
    {"view_case", "change_case", "transition_case", "manage_plan", "view_personal_data", "record_progress",
     "view_referral"}
)
CASUSREGISSEUR_PERMS = frozenset({"view_case", "view_personal_data", "record_progress"})
PARTNER_PERMS = frozenset({"view_shared"})
REFERRER_PERMS = frozenset({"view_referral"})
TRIAGE_TEAM_PERMS = frozenset({"view_referral", "triage_case"})


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
    """user id → codenames that the facts of this case grant."""
    desired: dict[int, set[str]] = defaultdict(set)
    if case.procesregisseur_id:
        desired[case.procesregisseur_id] |= PROCESREGISSEUR_PERMS
    if case.referred_by_id:
        desired[case.referred_by_id] |= REFERRER_PERMS
    for user_id in case.involvements.filter(contact_user__isnull=False).values_list(
        "contact_user_id", flat=True
    ):
        desired[user_id] |= PARTNER_PERMS
    for user_id, perms in _planning_facts(case).items():
        desired[user_id] |= perms
    return desired


def _planning_facts(case: Case) -> dict[int, set[str]]:
    """Permissions from the plan (casusregisseur) and meetings and activities (partners)."""
    from planning import checks

    return checks.permission_facts(case, casusregisseur=CASUSREGISSEUR_PERMS, partner=PARTNER_PERMS)


def desired_group_permissions(case: Case) -> dict[int, set[str]]:
    if case.stage == CaseStage.AANMELDING:
        return {team_group(case.region).pk: set(TRIAGE_TEAM_PERMS)}
    return {}


@transaction.atomic
def sync_case_permissions(case: Case) -> None:
    """Make the stored guardian permissions on `case` equal to what its facts grant.

    Idempotent; adds missing rows and deletes rows no fact supports any more (for example
    the previous procesregisseur's after a re-assignment).
    """
    perms = _case_permissions()
    _sync(
        CaseUserObjectPermission, "user_id", case, desired_user_permissions(case), perms
    )
    _sync(
        CaseGroupObjectPermission, "group_id", case, desired_group_permissions(case), perms
    )


def _sync(model, holder_field: str, case: Case, desired: dict[int, set[str]], perms) -> None:
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


def sync_team_membership(user) -> None:
    """A procesregisseur belongs to exactly their region's team group; others to none."""
    team_groups = Group.objects.filter(name__startswith="zvh-team-")
    current = set(user.groups.filter(pk__in=team_groups).values_list("pk", flat=True))
    wanted = set()
    if user.is_active and user.is_procesregisseur and user.region_id:
        wanted = {team_group(user.region).pk}
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
