"""Writes on the plan van aanpak: analysis, goals, solution directions, plan A/B and their activities,
the casusregisseur, adoption and versions.

Every function here is called by the views, the demo seeder and the tests alike. Those that change
who is responsible or who is casusregisseur end with `sync_case_permissions`. Meetings and their
invitations are written by `planning.meeting_services`.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, hooks, timeline
from cases.models import Case
from cases.permissions import sync_case_permissions
from planning.common import PLAN_STAGES, NotAllowed, StaleEdit, claim, display_name, require_stage
from planning.constants import (
    ActivityStatus,
    PlanningEvent,
    PlanStatus,
    ScenarioKind,
)
from planning.models import (
    Activity,
    ActivityReport,
    Analysis,
    Decision,
    Goal,
    Plan,
    PlanVersion,
    Scenario,
    SolutionDirection,
)
from planning.versioning import plan_snapshot
from privacy.services import disclosure_once
from zvh.models import Organisation, User

__all__ = [
    "NotAllowed",
    "PlanIncomplete",
    "StaleEdit",
    "activity_add",
    "activity_delete",
    "activity_progress_report",
    "shared_page_disclosures",
    "activity_update",
    "analysis_update",
    "casusregisseur_appoint",
    "decision_to_activity",
    "goal_add",
    "goal_delete",
    "goal_update",
    "plan_adopt",
    "plan_get_or_create",
    "plan_switch_to_b",
    "plan_update",
    "solution_direction_add",
    "solution_direction_delete",
]


class PlanIncomplete(Exception):
    """The plan cannot be adopted yet; `reasons` names each missing part."""

    def __init__(self, reasons: list[str]):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__("; ".join(self.reasons))


# -- the plan ---------------------------------------------------------------------------------


@transaction.atomic
def plan_get_or_create(*, case: Case, actor: User) -> Plan:
    """The case's plan, created (version 1, draft, with plan A and plan B) on first use."""
    existing = Plan.objects.filter(case=case).first()
    if existing is not None:
        return existing
    access.ensure_writable(case)
    plan, created = Plan.objects.get_or_create(case=case)
    if created:
        Analysis.objects.create(plan=plan)
        Scenario.objects.bulk_create([Scenario(plan=plan, kind=kind) for kind in ScenarioKind])
    return plan


def _editable_plan(plan: Plan, actor: User) -> Plan:
    """Lock the plan for a content change; an adopted plan first becomes the next draft version.

    Adoption froze the previous version's content in a PlanVersion, so nothing is lost.
    """
    plan = Plan.objects.select_for_update(of=("self",)).select_related("case").get(pk=plan.pk)
    require_stage(plan.case, PLAN_STAGES, _("In deze fase van de casus kan het plan niet meer worden gewijzigd."))
    if plan.status == PlanStatus.ADOPTED:
        plan.status = PlanStatus.DRAFT
        plan.version += 1
        plan.save(update_fields=["status", "version", "updated_at"])
        timeline.record(plan.case, PlanningEvent.PLAN_NEW_VERSION, actor=actor,
                        description=_("versie %(v)s") % {"v": plan.version})
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    actor: User,
    expected_version: int,
    information_agreements: str,
    first_checkin_on: date | None,
    monitoring_notes: str = "",
    scenario_a_description: str = "",
    scenario_b_description: str = "",
    scenario_b_trigger: str = "",
) -> Plan:
    """Save the plan's agreements and scenario texts; StaleEdit when someone saved in between."""
    claim(Plan, plan, expected_version)
    plan = _editable_plan(plan, actor)
    plan.information_agreements = information_agreements
    plan.first_checkin_on = first_checkin_on
    plan.monitoring_notes = monitoring_notes
    plan.save(update_fields=["information_agreements", "first_checkin_on", "monitoring_notes", "updated_at"])
    Scenario.objects.filter(plan=plan, kind=ScenarioKind.A).update(description=scenario_a_description)
    Scenario.objects.filter(plan=plan, kind=ScenarioKind.B).update(description=scenario_b_description,
                                                                    trigger=scenario_b_trigger)
    timeline.record(plan.case, PlanningEvent.PLAN_CHANGED, actor=actor)
    return plan


@transaction.atomic
def analysis_update(
    *, plan: Plan, actor: User, expected_version: int, facts: str, concerns: str, strengths: str,
    explanation: str,
) -> Analysis:
    """Save the shared analysis (agenda part a); StaleEdit when someone saved in between."""
    analysis = plan.analysis
    claim(Analysis, analysis, expected_version)
    _editable_plan(plan, actor)
    analysis.facts, analysis.concerns = facts, concerns
    analysis.strengths, analysis.explanation = strengths, explanation
    analysis.save(update_fields=["facts", "concerns", "strengths", "explanation"])
    timeline.record(plan.case, PlanningEvent.ANALYSIS_UPDATED, actor=actor)
    return analysis


@transaction.atomic
def goal_add(*, plan: Plan, actor: User, text: str) -> Goal:
    """Add a goal (agenda part b). The form warns when it reads as a treatment; it is saved anyway."""
    plan = _editable_plan(plan, actor)
    position = plan.goals.count() + 1
    goal = Goal.objects.create(plan=plan, text=text, position=position)
    timeline.record(plan.case, PlanningEvent.GOAL_ADDED, actor=actor, description=_("doel %(n)s") % {"n": position})
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, actor: User, text: str) -> Goal:
    _editable_plan(goal.plan, actor)
    goal.text = text
    goal.save(update_fields=["text"])
    timeline.record(goal.plan.case, PlanningEvent.GOAL_CHANGED, actor=actor,
                    description=_("doel %(n)s") % {"n": goal.position})
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, actor: User) -> None:
    _editable_plan(goal.plan, actor)
    timeline.record(goal.plan.case, PlanningEvent.GOAL_REMOVED, actor=actor,
                    description=_("doel %(n)s") % {"n": goal.position})
    goal.delete()


@transaction.atomic
def solution_direction_add(*, plan: Plan, actor: User, organisation: Organisation, text: str) -> SolutionDirection:
    """Record a party's solution direction (agenda part c)."""
    plan = _editable_plan(plan, actor)
    direction = SolutionDirection.objects.create(plan=plan, organisation=organisation, text=text)
    timeline.record(plan.case, PlanningEvent.DIRECTION_ADDED, actor=actor, description=str(organisation))
    return direction


@transaction.atomic
def solution_direction_delete(*, direction: SolutionDirection, actor: User) -> None:
    _editable_plan(direction.plan, actor)
    timeline.record(direction.plan.case, PlanningEvent.DIRECTION_REMOVED, actor=actor,
                    description=str(direction.organisation))
    direction.delete()


@transaction.atomic
def activity_add(
    *,
    plan: Plan,
    actor: User,
    scenario: str,
    what: str,
    organisation: Organisation,
    goal: Goal | None = None,
    responsible_user: User | None = None,
    responsible_name: str = "",
    due_date: date | None = None,
    status: str = ActivityStatus.PLANNED,
) -> Activity:
    """Add an activity to plan A or B (agenda part d); a responsible user gets the partner view."""
    plan = _editable_plan(plan, actor)
    activity = Activity.objects.create(
        scenario=plan.scenarios.get(kind=scenario), what=what, goal=goal, organisation=organisation,
        responsible_user=responsible_user, responsible_name=responsible_name, due_date=due_date, status=status,
    )
    timeline.record(plan.case, PlanningEvent.ACTIVITY_ADDED, actor=actor, description=str(organisation))
    sync_case_permissions(plan.case)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor: User, expected_version: int, scenario: str, **fields) -> Activity:
    """Change an activity; StaleEdit when someone saved it in between. Re-syncs the partner view."""
    claim(Activity, activity, expected_version)
    plan = _editable_plan(activity.scenario.plan, actor)
    activity.scenario = plan.scenarios.get(kind=scenario)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save(update_fields=["scenario", *fields])
    timeline.record(plan.case, PlanningEvent.ACTIVITY_CHANGED, actor=actor, description=str(activity.organisation))
    sync_case_permissions(plan.case)
    if not _is_overdue(activity):
        hooks.handled(case=plan.case, subject=f"activity:{activity.pk}")
    return activity


def _is_overdue(activity: Activity) -> bool:
    """Still what an overdue-activity reminder announced: open, with a deadline before today."""
    return bool(activity.status in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS) and activity.due_date
                and activity.due_date < timezone.localdate())


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User) -> None:
    plan = _editable_plan(activity.scenario.plan, actor)
    timeline.record(plan.case, PlanningEvent.ACTIVITY_REMOVED, actor=actor, description=str(activity.organisation))
    hooks.handled(case=plan.case, subject=f"activity:{activity.pk}")
    activity.delete()
    sync_case_permissions(plan.case)


@transaction.atomic
def decision_to_activity(*, decision: Decision, actor: User, **activity_fields) -> Activity:
    """Turn a meeting's decision into an activity of the plan and link the two."""
    if decision.activity_id:
        raise NotAllowed(_("Van dit besluit is al een activiteit gemaakt."))
    plan = plan_get_or_create(case=decision.meeting.case, actor=actor)
    activity = activity_add(plan=plan, actor=actor, **activity_fields)
    decision.activity = activity
    decision.save(update_fields=["activity"])
    return activity


def casusregisseur_candidates(case: Case):
    """Who can be appointed: the eligible professionals of the case's region (one rule, in cases.access)."""
    return access.eligible_casusregisseurs(case.region)


@transaction.atomic
def casusregisseur_appoint(*, plan: Plan, actor: User, casusregisseur: User | None) -> Plan:
    """Appoint (or change, or clear) the casusregisseur of the plan.

    Grants the new casusregisseur the casusregisseur's permissions on the case and revokes those of
    the previous one, through the permission service.
    """
    if casusregisseur is not None and not casusregisseur_candidates(plan.case).filter(pk=casusregisseur.pk).exists():
        raise NotAllowed(_("Deze gebruiker kan geen casusregisseur van deze casus worden."))
    current = Plan.objects.filter(pk=plan.pk).select_related("casusregisseur").first().casusregisseur
    if current == casusregisseur:
        return plan
    plan = _editable_plan(plan, actor)
    plan.casusregisseur = casusregisseur
    plan.save(update_fields=["casusregisseur", "updated_at"])
    timeline.record(plan.case, PlanningEvent.CASUSREGISSEUR_APPOINTED, actor=actor,
                    description=display_name(casusregisseur) or _("geen"))
    sync_case_permissions(plan.case)
    hooks.role_changed(case=plan.case, role="casusregisseur", old=current, new=casusregisseur, actor=actor)
    return plan


def adoption_gaps(plan: Plan) -> list[str]:
    """What the plan still lacks before it can be adopted (empty when complete)."""
    gaps = []
    analysis = Analysis.objects.filter(plan=plan).first()
    if analysis is None or not analysis.facts.strip():
        gaps.append(_("de analyse (minstens de feiten) is ingevuld"))
    if not plan.goals.exists():
        gaps.append(_("er is minstens één doel"))
    counts = {s.kind: s for s in plan.scenarios.all()}
    if not Activity.objects.filter(scenario__plan=plan, scenario__kind=ScenarioKind.A).exists():
        gaps.append(_("plan A heeft minstens één activiteit"))
    scenario_b = counts.get(ScenarioKind.B)
    if scenario_b is None or not scenario_b.trigger.strip():
        gaps.append(_("bij plan B staat wanneer het in werking treedt"))
    if not plan.casusregisseur_id:
        gaps.append(_("er is een casusregisseur benoemd"))
    if not plan.first_checkin_on:
        gaps.append(_("het eerste monitormoment is gepland"))
    return gaps


@transaction.atomic
def plan_adopt(*, plan: Plan, actor: User) -> PlanVersion:
    """Adopt (vaststellen) the current version: freeze its content as a PlanVersion snapshot.

    Raises PlanIncomplete naming every missing part. Any later change starts the next draft version.
    """
    plan = Plan.objects.select_for_update(of=("self",)).select_related("case", "casusregisseur").get(pk=plan.pk)
    require_stage(plan.case, PLAN_STAGES, _("In deze fase van de casus kan het plan niet worden vastgesteld."))
    if plan.status == PlanStatus.ADOPTED:
        raise NotAllowed(_("Deze versie van het plan is al vastgesteld."))
    gaps = adoption_gaps(plan)
    if gaps:
        raise PlanIncomplete(gaps)
    now = timezone.now()
    version = PlanVersion.objects.create(plan=plan, number=plan.version, snapshot=plan_snapshot(plan),
                                         adopted_at=now, adopted_by=actor)
    plan.status = PlanStatus.ADOPTED
    plan.adopted_at = now
    plan.adopted_by = actor
    plan.lock_version += 1
    plan.save(update_fields=["status", "adopted_at", "adopted_by", "lock_version", "updated_at"])
    timeline.record(plan.case, PlanningEvent.PLAN_ADOPTED, actor=actor,
                    description=_("versie %(v)s") % {"v": plan.version})
    return version


@transaction.atomic
def plan_switch_to_b(*, plan: Plan, actor: User, reason: str) -> Plan:
    """Switch execution to plan B: one recorded action with its reason, on the case's timeline.

    This is execution, not a change of the plan's content, so the version stays adopted.
    """
    plan = Plan.objects.select_for_update(of=("self",)).select_related("case").get(pk=plan.pk)
    if not reason.strip():
        raise NotAllowed(_("Geef de reden om over te stappen op plan B."))
    if plan.active_scenario == ScenarioKind.B:
        raise NotAllowed(_("Plan B is al in werking."))
    if not plan.versions.exists():
        raise NotAllowed(_("Er is nog geen vastgesteld plan; stel eerst het plan vast."))
    access.ensure_writable(plan.case)
    plan.active_scenario = ScenarioKind.B
    plan.switched_to_b_at = timezone.now()
    plan.switch_reason = reason.strip()
    plan.save(update_fields=["active_scenario", "switched_to_b_at", "switch_reason", "updated_at"])
    timeline.record(plan.case, PlanningEvent.PLAN_B_ACTIVATED, actor=actor, description=plan.switch_reason)
    return plan


@transaction.atomic
def activity_progress_report(*, activity: Activity, actor: User, status: str, note: str) -> ActivityReport:
    """The party carrying out an activity reports its progress (and status). Execution, not a change
    of the plan's content: the adopted version stays adopted. Only the activity's organisation or
    its responsible user may report."""
    activity = Activity.objects.select_for_update(of=("self",)).select_related("scenario__plan__case").get(
        pk=activity.pk)
    case = activity.scenario.plan.case
    access.ensure_writable(case)
    if activity.responsible_user_id != actor.pk and (
            actor.organisation_id is None or activity.organisation_id != actor.organisation_id):
        raise NotAllowed(_("Alleen de uitvoerende partij meldt de voortgang van deze activiteit."))
    if status not in ActivityStatus.values:
        raise NotAllowed(_("Kies een status."))
    if not note.strip():
        raise NotAllowed(_("Schrijf kort wat er is gebeurd."))
    report = ActivityReport.objects.create(activity=activity, status=status, note=note.strip(), reported_by=actor)
    if activity.status != status:
        activity.status = status
        activity.lock_version += 1
        activity.save(update_fields=["status", "lock_version"])
    timeline.record(case, PlanningEvent.ACTIVITY_PROGRESS, actor=actor,
                    description=f"{activity.organisation}: {report.get_status_display()}")
    if not _is_overdue(activity):
        hooks.handled(case=case, subject=f"activity:{activity.pk}")
    return report


def shared_page_disclosures(*, case: Case, viewer: User, ground, documents: list[tuple[str, str]]) -> int:
    """Log in the sharing log what the partner page showed to the viewer's organisation: each
    document once per party, on the ground of its involvement. Returns how many were new."""
    if ground is None:
        return 0
    created = 0
    for key, what in documents:
        _disclosure, new = disclosure_once(case=case, key=key, what=what, actor=viewer,
                                           organisation=ground.organisation, legal_basis=ground.sharing_basis,
                                           consent=ground.consent)
        created += new
    return created
