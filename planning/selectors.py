"""Reads for the planning pages: each function issues a bounded number of queries."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cases import access
from planning.constants import HELPS_SCORE, MeetingStatus, PlanStatus, ScenarioKind
from planning.models import (
    Activity,
    ActivityReport,
    Contact,
    Decision,
    EvaluationAnswer,
    Meeting,
    MeetingInvitee,
    OtherTable,
    Plan,
    PlanVersion,
    YouthVoice,
)
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
    context.update(casework_context(case, perms, meetings))
    return {"planning": context}


def evaluation_trend(case) -> list[dict]:
    """The evaluation answers in time order, each with its direction against the previous one."""
    trend, previous = [], None
    for answer in EvaluationAnswer.objects.filter(case=case).select_related("meeting").order_by("answered_on", "pk"):
        score = HELPS_SCORE[answer.helps]
        direction = "" if previous is None else ("up" if score > previous else "down" if score < previous else "same")
        trend.append({"answer": answer, "score": score, "direction": direction})
        previous = score
    return trend


def casework_context(case, perms: set[str], meetings=None) -> dict:
    """Contacts between meetings, open follow-ups, the evaluation trend and other overleg tables."""
    tables = list(OtherTable.objects.filter(case=case))
    active = [t for t in tables if t.ended_on is None]
    if meetings is None:
        meetings = list(Meeting.objects.filter(case=case).exclude(status=MeetingStatus.CANCELLED)[:1])
    has_overleg = any(m.status != MeetingStatus.CANCELLED for m in meetings)
    return {
        "can_record_casework": "record_progress" in perms and access.is_writable(case),
        "can_read_documents": "view_personal_data" in perms,
        "contacts": list(Contact.objects.filter(case=case).select_related("organisation", "recorded_by")[:10]),
        "evaluation_trend": evaluation_trend(case),
        "other_tables": tables,
        "double_overleg": active if has_overleg else [],
    }


def follow_ups_for(user):
    """Open follow-ups of contacts the user recorded, on open cases, soonest first (the start page)."""
    return (Contact.objects.filter(recorded_by=user, follow_up_on__isnull=False, follow_up_done_at__isnull=True,
                                   case__closed_at__isnull=True)
            .select_related("case").order_by("follow_up_on", "pk"))


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
        "voices": list(YouthVoice.objects.filter(meeting__case_id=plan.case_id)
                       .exclude(meeting__status=MeetingStatus.CANCELLED)
                       .select_related("person", "meeting").order_by("-meeting__starts_at", "pk")[:10]),
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
    decisions = list(meeting.decisions.select_related("activity__organisation", "activity__scenario"))
    invitees = list(meeting.invitees.select_related("organisation", "user"))
    return {
        "meeting": meeting,
        "invitees": invitees,
        "without_email": [i for i in invitees if not i.has_email],
        "decisions": [d for d in decisions if not d.agenda_part],
        "agenda_items": [
            (letter, label, done, notes, [d for d in decisions if d.agenda_part == letter])
            for letter, label, done, notes in meeting.agenda_notes
        ],
        "voices": list(meeting.voices.select_related("person")),
        "previous": previous,
        "follow_up": follow_up,
    }


def shared_context(case, user) -> dict:
    """What a partner professional sees of a case: the meetings they (or their organisation) are
    invited to — date, place, agenda, who else is invited (organisations and roles) and their own
    reply —, their own organisation's activities with their progress reports, and — only when their
    organisation's sharing ground holds — the report of those meetings and the adopted plan.
    Which documents it shows is in `shared_documents` (for the sharing log).
    """
    invited = Q(invitees__user=user)
    if user.organisation_id:
        invited |= Q(invitees__organisation_id=user.organisation_id)
    meetings = list(
        Meeting.objects.filter(Q(case=case) & invited).distinct().order_by("starts_at")
        .prefetch_related(
            Prefetch("invitees", queryset=MeetingInvitee.objects.select_related("organisation").order_by("pk")),
            Prefetch("decisions", queryset=Decision.objects.order_by("pk")))
    )
    activities = []
    if user.organisation_id:
        activities = list(
            Activity.objects.filter(scenario__plan__case=case, organisation_id=user.organisation_id)
            .select_related("scenario", "organisation", "responsible_user")
            .prefetch_related(Prefetch("reports", queryset=ActivityReport.objects.select_related("reported_by")))
            .order_by("scenario__kind", "due_date", "pk")
        )
    plan = Plan.objects.filter(case=case).only("pk", "active_scenario", "case_id").first()
    ground = access.sharing_ground(case, user.organisation_id)
    version = None
    if ground is not None and plan is not None:
        version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    for meeting in meetings:
        meeting.own_invitations = [i for i in meeting.invitees.all() if i.user_id == user.pk]
        meeting.show_report = ground is not None and meeting.status == MeetingStatus.HELD
    return {
        "case": case, "meetings": meetings, "activities": activities,
        "active_scenario": plan.active_scenario if plan else None,
        "ground": ground, "plan_version": version,
        "snapshot_goals": version.snapshot.get("goals", []) if version else [],
        "snapshot_scenarios": sorted(version.snapshot.get("scenarios", {}).items()) if version else [],
    }


def shared_documents(context: dict) -> list[tuple[str, str]]:
    """(key, description) of every document the partner page shows in `context`: each meeting
    report and the adopted plan version (the invitation itself is logged when it is sent)."""
    documents = [
        (f"report:{m.pk}", f"Verslag {m.get_kind_display()} {timezone.localtime(m.starts_at):%d-%m-%Y}")
        for m in context["meetings"] if m.show_report
    ]
    version = context.get("plan_version")
    if version is not None:
        documents.append((f"plan:v{version.number}", f"Plan van aanpak versie {version.number} (vastgesteld)"))
    return documents
