"""Reads for the planning pages: each function issues a bounded number of queries."""

from django.db.models import Count, Prefetch, Q

from planning.constants import AGENDA_FIELDS, MeetingStatus, PlanStatus, ScenarioKind
from planning.models import Activity, Decision, Meeting, Plan, PlanVersion
from planning.versioning import plan_snapshot, snapshot_diff


def plan_for(case) -> Plan | None:
    return Plan.objects.filter(case=case).select_related("casusregisseur__organisation", "analysis").first()


def plan_changes(plan: Plan, versions: list[PlanVersion] | None = None) -> dict | None:
    """What changed between versions: the draft against the last adopted version, or else the last
    two adopted versions. None when there is nothing to compare.
    """
    if versions is None:
        versions = list(plan.versions.select_related("adopted_by"))
    if not versions:
        return None
    if plan.status == PlanStatus.DRAFT:
        old, new = versions[-1], None
        changes = snapshot_diff(old.snapshot, plan_snapshot(plan))
        return {"from": old.number, "to": plan.version, "to_is_draft": True, "changes": changes}
    if len(versions) >= 2:
        old, new = versions[-2], versions[-1]
        return {"from": old.number, "to": new.number, "to_is_draft": False,
                "changes": snapshot_diff(old.snapshot, new.snapshot)}
    return None


def _versions(plan: Plan) -> list[PlanVersion]:
    return list(plan.versions.select_related("adopted_by"))


def planning_context(case, perms: set[str]) -> dict:
    """The planning section of the case page: meetings, the plan's state and what changed."""
    from planning.services import adoption_gaps

    meetings = list(
        Meeting.objects.filter(case=case).annotate(invitee_count=Count("invitees")).order_by("-starts_at")[:20]
    )
    plan = plan_for(case)
    context = {"meetings": meetings, "plan": plan, "can_manage": "manage_plan" in perms}
    if plan is not None:
        versions = _versions(plan)
        counts = dict(
            Activity.objects.filter(scenario__plan=plan).values_list("scenario__kind").annotate(n=Count("pk"))
            .order_by()
        )
        context.update({
            "activity_count_a": counts.get(ScenarioKind.A, 0),
            "activity_count_b": counts.get(ScenarioKind.B, 0),
            "versions": versions,
            # The diff itself is built on the plan page, where it is read; here only whether there is one.
            "has_changes": bool(versions) and (plan.status == PlanStatus.DRAFT or len(versions) >= 2),
            "gaps": adoption_gaps(plan) if "manage_plan" in perms and plan.status == PlanStatus.DRAFT else [],
        })
    return {"planning": context}


def plan_detail_context(plan: Plan) -> dict:
    """Everything the plan page, the print page and the PDF show."""
    scenarios = list(
        plan.scenarios.prefetch_related(
            Prefetch("activities", queryset=Activity.objects.select_related(
                "organisation", "responsible_user", "goal").order_by("due_date", "pk"))
        )
    )
    by_kind = {s.kind: s for s in scenarios}
    versions = _versions(plan)
    return {
        "plan": plan,
        "analysis": plan.analysis,
        "goals": list(plan.goals.all()),
        "directions": list(plan.solution_directions.select_related("organisation")),
        "scenario_a": by_kind.get(ScenarioKind.A),
        "scenario_b": by_kind.get(ScenarioKind.B),
        "scenarios": scenarios,
        "versions": versions,
        "changes": plan_changes(plan, versions),
    }


def meeting_detail_context(meeting: Meeting) -> dict:
    """The meeting with its invitees, decisions, and the follow-up of the previous meeting's decisions."""
    previous = (
        Meeting.objects.filter(case_id=meeting.case_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    follow_up = []
    if previous is not None:
        follow_up = list(Decision.objects.filter(meeting=previous).select_related("activity__organisation"))
    return {
        "meeting": meeting,
        "invitees": list(meeting.invitees.select_related("organisation", "user")),
        "decisions": list(meeting.decisions.select_related("activity__organisation", "activity__scenario")),
        "previous": previous,
        "follow_up": follow_up,
    }


def shared_context(case, user) -> dict:
    """What a partner professional sees of a case: the meetings they (or their organisation) are
    invited to — date, place, agenda — and their own organisation's activities. Nothing else.
    """
    invited = Q(invitees__user=user)
    if user.organisation_id:
        invited |= Q(invitees__organisation_id=user.organisation_id)
    meetings = list(
        Meeting.objects.filter(Q(case=case) & invited).distinct().order_by("starts_at")
        .only("pk", "case_id", "kind", "starts_at", "ends_at", "location", "online_url", "status",
              *AGENDA_FIELDS)
    )
    activities = []
    if user.organisation_id:
        activities = list(
            Activity.objects.filter(scenario__plan__case=case, organisation_id=user.organisation_id)
            .select_related("scenario", "organisation", "responsible_user")
            .only("pk", "what", "due_date", "status", "responsible_name", "scenario__kind",
                  "organisation__name", "responsible_user__first_name", "responsible_user__last_name",
                  "responsible_user__username")
            .order_by("scenario__kind", "due_date", "pk")
        )
    active = Plan.objects.filter(case=case).values_list("active_scenario", flat=True).first()
    return {"case": case, "meetings": meetings, "activities": activities, "active_scenario": active}
