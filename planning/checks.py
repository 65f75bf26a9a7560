"""Facts from overleg and plan that the case workflow and the permission service ask for.

`PlanningConfig.ready()` registers the four conditions for the overleg → plan and plan → monitoring
transitions with `cases.workflow`, and `RELATIONS` with `cases.access`, which asks for them whenever
it syncs a case. Each condition is one cheap query.
"""

from datetime import datetime

from django.utils import timezone

from cases.access import Fact, Relation, RelationSource
from planning.constants import AGENDA_FIELDS, MeetingStatus, PlanStatus
from planning.models import Activity, Meeting, MeetingInvitee, Plan
from zvh.hooks import Registry

# Moments after which a new overleg is needed before the plan (monitoring registers the latest
# escalation in `MonitoringConfig.ready()`); each returns a datetime or None.
OVERLEG_REQUIRED_SINCE = Registry()
register_overleg_required_since = OVERLEG_REQUIRED_SINCE.register


def overleg_required_since(case) -> datetime | None:
    moments = [moment for source in OVERLEG_REQUIRED_SINCE if (moment := source(case)) is not None]
    return max(moments) if moments else None


def _covering_meetings(case):
    """Meetings that were held (from their start time on) and discussed all four agenda parts a–d."""
    return Meeting.objects.filter(case=case, status=MeetingStatus.HELD, starts_at__lte=timezone.now(),
                                  **{name: True for name in AGENDA_FIELDS})


def agenda_covered(case) -> bool:
    """A meeting of the case was held and discussed all four agenda parts a–d."""
    return _covering_meetings(case).exists()


def overleg_after_escalation(case) -> bool:
    """After an escalation, the plan needs an overleg held after it (an older one does not count)."""
    since = overleg_required_since(case)
    return since is None or _covering_meetings(case).filter(starts_at__gte=since).exists()


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


def relation_facts(case) -> list[Fact]:
    """Relations the plan and the meetings give: the casusregisseur, invitees of a meeting that is not
    cancelled, and the users responsible for an activity (each through their organisation)."""
    facts = [
        Fact(user_id, Relation.CASUSREGISSEUR, organisation_id)
        for user_id, organisation_id in Plan.objects.filter(case=case, casusregisseur__isnull=False).values_list(
            "casusregisseur_id", "casusregisseur__organisation_id")
    ]
    invited = (
        MeetingInvitee.objects.filter(meeting__case=case, user__isnull=False)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values_list("user_id", "organisation_id", "user__organisation_id")
    )
    facts += [Fact(user_id, Relation.INVITEE, org_id or user_org_id) for user_id, org_id, user_org_id in invited]
    responsible = Activity.objects.filter(scenario__plan__case=case, responsible_user__isnull=False).values_list(
        "responsible_user_id", "organisation_id")
    facts += [Fact(user_id, Relation.ACTIVITY_OWNER, organisation_id) for user_id, organisation_id in responsible]
    return facts


def case_ids_for_user(user) -> set[int]:
    ids = set(Plan.objects.filter(casusregisseur=user).values_list("case_id", flat=True))
    ids |= set(MeetingInvitee.objects.filter(user=user).values_list("meeting__case_id", flat=True))
    ids |= set(Activity.objects.filter(responsible_user=user).values_list("scenario__plan__case_id", flat=True))
    return ids


RELATIONS = RelationSource(facts=relation_facts, case_ids_for_user=case_ids_for_user)
