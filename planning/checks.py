"""Facts from overleg and plan that the case workflow and the permission service ask for.

`cases/workflow.py` calls the four condition functions for the overleg → plan and plan → monitoring
transitions; `cases/permissions.py` calls `permission_facts` whenever it syncs a case. Each condition
is one cheap query.
"""

from collections import defaultdict

from planning.constants import AGENDA_FIELDS, MeetingStatus, PlanStatus
from planning.models import Activity, Meeting, MeetingInvitee, Plan


def agenda_covered(case) -> bool:
    """A meeting of the case (not cancelled) discussed all four agenda parts a–d."""
    return (
        Meeting.objects.filter(case=case, **{name: True for name in AGENDA_FIELDS})
        .exclude(status=MeetingStatus.CANCELLED)
        .exists()
    )


def plan_adopted(case) -> bool:
    """The current version of the case's plan is adopted (vastgesteld)."""
    return Plan.objects.filter(case=case, status=PlanStatus.ADOPTED).exists()


def casusregisseur_named(case) -> bool:
    return Plan.objects.filter(case=case, casusregisseur__isnull=False).exists()


def first_checkin_scheduled(case) -> bool:
    """The adopted plan says when the first check-in (monitormoment) is.

    The monitoring app will own check-ins; until then this is a date on the plan.
    """
    return Plan.objects.filter(case=case, status=PlanStatus.ADOPTED, first_checkin_on__isnull=False).exists()


def permission_facts(case, *, casusregisseur, partner) -> dict[int, set[str]]:
    """user id → permissions granted by the plan (casusregisseur) and meetings/activities (partners).

    The plan's casusregisseur gets `casusregisseur`; users invited to a meeting that is not
    cancelled, and users responsible for an activity, get `partner` (the shared view).
    """
    desired: dict[int, set[str]] = defaultdict(set)
    for user_id in Plan.objects.filter(case=case, casusregisseur__isnull=False).values_list(
        "casusregisseur_id", flat=True
    ):
        desired[user_id] |= set(casusregisseur)
    invited = (
        MeetingInvitee.objects.filter(meeting__case=case, user__isnull=False)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values_list("user_id", flat=True)
    )
    responsible = Activity.objects.filter(scenario__plan__case=case, responsible_user__isnull=False).values_list(
        "responsible_user_id", flat=True
    )
    for user_id in {*invited, *responsible}:
        desired[user_id] |= set(partner)
    return dict(desired)
