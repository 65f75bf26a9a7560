"""Demo cases beyond the overleg stage: plan, monitoring, afschalen, evaluatie and closed after evaluation.

Called by `seed_demo` after the earlier stages of a region, inside its transaction (so seed_demo stays
idempotent: a region with cases is skipped). Everything goes through the real services: a meeting
that was held and covered the agenda, the plan with analysis, goals, plan A and plan B, the
casusregisseur, adoption and the stage transitions. The meetings lie in the past, so no invitations
are e-mailed.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases import services as case_services
from cases.constants import CaseStage
from planning import meeting_services, services
from planning.constants import AGENDA_FIELDS, SUCCESS_CONDITION_FIELDS, InviteeRole, MeetingKind, Participation
from zvh.constants import OrganisationType
from zvh.models import Organisation

# (offset of the family/reason in the demo data, the stage the case ends in)
LATER_STAGES = [
    (9, CaseStage.PLAN),
    (10, CaseStage.MONITORING),
    (11, CaseStage.AFSCHALEN),
    (12, CaseStage.EVALUATIE),
    (13, CaseStage.CLOSED),
]
def _past(days_ago: int, hour: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _plan_overleg(case, users, actor, days_ago):
    """A plan-overleg some weeks ago that discussed the whole agenda."""
    youth = case.persons.filter(role="jeugdige").first()
    parent = case.persons.filter(role="ouder").first()
    invitees = [
        {"user": users["casusregisseur"]},
        {"user": users["partner-politie"]},
        {"user": users["partner-school"]},
        {"role": InviteeRole.OUDER, "name": f"{parent.first_name} {parent.last_name}" if parent else "Ouder",
         "participation": Participation.PRESENT},
        {"role": InviteeRole.JEUGDIGE, "name": youth.first_name if youth else "Jeugdige",
         "participation": Participation.VIDEO},
    ]
    start = _past(days_ago, 10)
    meeting = meeting_services.meeting_schedule(case=case, actor=actor, kind=MeetingKind.PLAN, starts_at=start,
                                                ends_at=start + timedelta(hours=2), location="ZVH, vergaderruimte 2",
                                                invitees=invitees)
    attendance = {i.pk: "present" for i in meeting.invitees.all()}
    checklist = {name: True for name in AGENDA_FIELDS}
    checklist.update({name: name != "sc_interests_visible" for name in SUCCESS_CONDITION_FIELDS})
    meeting_services.meeting_record(meeting=meeting, actor=actor, attendance=attendance,
                                    minutes="Gezamenlijk beeld gevormd; jeugdige deed mee via een video. Doelen en "
                                            "plan A/B afgesproken.", **checklist)
    meeting_services.decision_add(meeting=meeting, actor=actor,
                                  text="School zoekt binnen twee weken een passende plek.")
    return meeting


def _plan(case, users, actor, name):
    """The plan van aanpak with analysis, two goals, solution directions, plan A and plan B."""
    region = case.region
    orgs = {o.type: o for o in Organisation.objects.filter(region=region)}
    wijkteam = users["casusregisseur"].organisation
    school = users["partner-school"].organisation
    police = users["partner-politie"].organisation
    plan = services.plan_get_or_create(case=case, actor=actor)
    services.analysis_update(
        plan=plan, actor=actor, expected_version=plan.analysis.lock_version,
        facts=f"{name} gaat sinds drie maanden nauwelijks naar school. Wijkteam en GGZ zijn betrokken, "
              "elk met een eigen plan.",
        concerns="Terugtrekken, ruzie thuis, moeder raakt uitgeput.",
        strengths=f"{name} wil graag terug naar de eigen klas; oma is een steun.",
        explanation="De hulp is versnipperd en niemand heeft het overzicht; school weet niet wat de hulp doet.",
    )
    goal_school = services.goal_add(plan=plan, actor=actor,
                                    text=f"{name} gaat weer elke dag naar school en voelt zich daar veilig.")
    goal_home = services.goal_add(plan=plan, actor=actor, text=f"{name} en moeder hebben thuis weer rust.")
    services.solution_direction_add(plan=plan, actor=actor, organisation=school,
                                    text="Een aangepast rooster met een vaste mentor.")
    services.solution_direction_add(plan=plan, actor=actor, organisation=wijkteam,
                                    text="Ondersteuning van moeder thuis, afgestemd met GGZ.")
    if OrganisationType.GGZ in orgs:
        services.solution_direction_add(plan=plan, actor=actor, organisation=orgs[OrganisationType.GGZ],
                                        text="Behandeling afstemmen op het schoolrooster.")
    today = timezone.localdate()
    services.activity_add(plan=plan, actor=actor, scenario="A", what="Aangepast rooster en dagelijkse check-in "
                          "met de mentor", goal=goal_school, organisation=school,
                          responsible_user=users["partner-school"], due_date=today + timedelta(days=14))
    services.activity_add(plan=plan, actor=actor, scenario="A", what="Wekelijks huisbezoek bij moeder",
                          goal=goal_home, organisation=wijkteam, responsible_user=users["casusregisseur"],
                          due_date=today + timedelta(days=30))
    services.activity_add(plan=plan, actor=actor, scenario="A", what="Wijkagent houdt contact met het gezin",
                          goal=goal_home, organisation=police, responsible_user=users["partner-politie"],
                          due_date=today + timedelta(days=45))
    services.activity_add(plan=plan, actor=actor, scenario="B", what="Tijdelijke plek in een "
                          "onderwijs-zorgarrangement", goal=goal_school, organisation=school,
                          responsible_name="Zorgcoördinator", due_date=today + timedelta(days=60))
    plan.refresh_from_db()
    services.plan_update(
        plan=plan, actor=actor, expected_version=plan.lock_version,
        information_agreements="De casusregisseur belt elke twee weken alle partijen; bij zorgen mailt iedere "
                               "partij dezelfde dag de casusregisseur.",
        first_checkin_on=today + timedelta(days=14),
        monitoring_notes="Monitoring-overleg na zes weken.",
        scenario_a_description="Terug naar de eigen school met steun thuis en op school.",
        scenario_b_description="Tijdelijk onderwijs-zorgarrangement buiten de eigen school.",
        scenario_b_trigger=f"Als {name} na zes weken nog minder dan de helft van de lessen volgt.",
    )
    services.casusregisseur_appoint(plan=plan, actor=actor, casusregisseur=users["casusregisseur"])
    return plan


def seed_later_stages(command, region, users, index, *, advance_beyond_monitoring) -> None:
    """Create one case in each of plan, monitoring, afschalen, evaluatie and closed-after-evaluation.

    `advance_beyond_monitoring(case, final_stage, users)` comes from the monitoring app (planning sits
    below monitoring and does not import it)."""
    for offset, final_stage in LATER_STAGES:
        case = command._intake(command._accept(command._register(region, users, index + offset), users), users)
        actor = case.procesregisseur
        name = case.persons.filter(role="jeugdige").values_list("first_name", flat=True).first() or "De jeugdige"
        case_services.case_transition(case=case, to=CaseStage.OVERLEG, actor=actor)
        _plan_overleg(case, users, actor, days_ago=40 + offset)
        case_services.case_transition(case=case, to=CaseStage.PLAN, actor=actor)
        plan = _plan(case, users, actor, name)
        if final_stage == CaseStage.PLAN:
            continue
        services.plan_adopt(plan=plan, actor=actor)
        case_services.case_transition(case=case, to=CaseStage.MONITORING, actor=actor)
        if final_stage in (CaseStage.EVALUATIE, CaseStage.CLOSED):
            services.plan_switch_to_b(plan=plan, actor=actor,
                                      reason=f"{name} volgde na zes weken nog geen halve week lessen.")
        if final_stage != CaseStage.MONITORING:
            advance_beyond_monitoring(case, final_stage, users)
