"""Agenda coverage and the stage transitions, plan versioning and diff, locking, plan B, permissions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from guardian.core import ObjectPermissionChecker

from cases import workflow
from cases.constants import CaseStage
from cases.models import CaseEvent
from cases.services import case_transition
from cases.tests.factories import CaseFactory
from planning import checks, meeting_services, services
from planning.constants import AGENDA_FIELDS, MeetingKind, PlanningEvent, PlanStatus, ScenarioKind
from planning.models import Plan, PlanVersion
from planning.selectors import plan_changes
from planning.tests.factories import ActivityFactory, MeetingFactory, MeetingInviteeFactory, PlanFactory
from planning.versioning import plan_snapshot, snapshot_diff
from zvh.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _perms(user, case) -> set[str]:
    return set(ObjectPermissionChecker(user).get_perms(case))


# -- agenda coverage and the overleg → plan transition ------------------------------------------


def test_agenda_is_covered_only_when_all_four_parts_are_discussed():
    meeting = MeetingFactory(held=True, agenda_analysis=True, agenda_goals=True, agenda_solutions=True)
    assert not checks.agenda_covered(meeting.case)
    meeting_services.meeting_record(meeting=meeting, actor=meeting.organizer, minutes="",
                                    **{name: True for name in AGENDA_FIELDS})
    assert checks.agenda_covered(meeting.case)


def test_a_cancelled_meeting_does_not_cover_the_agenda():
    meeting = MeetingFactory(covered=True, cancelled=True)
    assert not checks.agenda_covered(meeting.case)


def test_overleg_to_plan_is_refused_until_a_meeting_covered_the_agenda():
    case = CaseFactory(overleg=True)
    meeting = MeetingFactory(case=case, held=True, agenda_analysis=True)
    with pytest.raises(workflow.TransitionRefused) as refused:
        case_transition(case=case, to=CaseStage.PLAN, actor=case.procesregisseur)
    assert refused.value.reasons == ["een overleg heeft de hele agenda (a t/m d) besproken"]
    meeting_services.meeting_record(meeting=meeting, actor=case.procesregisseur, minutes="Alles besproken",
                                    **{name: True for name in AGENDA_FIELDS})
    case_transition(case=case, to=CaseStage.PLAN, actor=case.procesregisseur)
    case.refresh_from_db()
    assert case.stage == CaseStage.PLAN


def test_recording_a_meeting_marks_it_held_and_stores_attendance_and_conditions():
    invitee = MeetingInviteeFactory(meeting=MeetingFactory(past=True))
    meeting = invitee.meeting
    meeting_services.meeting_record(meeting=meeting, actor=meeting.organizer, minutes="Verslag",
                                    attendance={invitee.pk: "present"}, sc_all_parties=True, sc_safe_climate=True)
    meeting.refresh_from_db()
    invitee.refresh_from_db()
    assert meeting.status == "held" and invitee.attendance == "present"
    assert [met for _label, met in meeting.success_conditions] == [True, False, False, False, False, True, False]
    assert CaseEvent.objects.filter(case=meeting.case, kind=PlanningEvent.MEETING_RECORDED).exists()


def test_meeting_end_before_start_is_refused():
    case = CaseFactory(overleg=True)
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(services.NotAllowed, match="vóór het begin"):
        meeting_services.meeting_schedule(case=case, actor=case.procesregisseur, kind=MeetingKind.PLAN, starts_at=start,
                                          ends_at=start - timedelta(minutes=30), location="ZVH")


def test_no_meeting_for_a_closed_case():
    case = CaseFactory(closed=True)
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(services.NotAllowed):
        meeting_services.meeting_schedule(case=case, actor=case.procesregisseur, kind=MeetingKind.PLAN, starts_at=start,
                                          ends_at=start + timedelta(hours=1), location="ZVH")


# -- adoption, versions and the plan → monitoring transition -----------------------------------


def test_adoption_names_everything_that_is_missing():
    plan = PlanFactory()
    with pytest.raises(services.PlanIncomplete) as incomplete:
        services.plan_adopt(plan=plan, actor=plan.case.procesregisseur)
    assert incomplete.value.reasons == [
        "de analyse (minstens de feiten) is ingevuld",
        "er is minstens één doel",
        "plan A heeft minstens één activiteit",
        "bij plan B staat wanneer het in werking treedt",
        "er is een casusregisseur benoemd",
        "het eerste monitormoment is gepland",
    ]
    assert not PlanVersion.objects.exists()


def test_adopting_freezes_the_version_and_a_later_change_starts_the_next_draft():
    plan = PlanFactory(complete=True)
    actor = plan.case.procesregisseur
    version = services.plan_adopt(plan=plan, actor=actor)
    plan.refresh_from_db()
    assert (version.number, plan.status, plan.version) == (1, PlanStatus.ADOPTED, 1)
    assert version.snapshot["goals"][0]["text"].startswith("Noah gaat elke dag")
    assert checks.plan_adopted(plan.case)

    services.goal_add(plan=plan, actor=actor, text="Noah heeft een vriend in de klas.")
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 2)
    assert not checks.plan_adopted(plan.case)
    # The frozen version is untouched by the change.
    assert len(PlanVersion.objects.get(plan=plan, number=1).snapshot["goals"]) == 1
    kinds = list(CaseEvent.objects.filter(case=plan.case).values_list("kind", flat=True))
    assert PlanningEvent.PLAN_ADOPTED in kinds and PlanningEvent.PLAN_NEW_VERSION in kinds

    # A second change to the same draft does not bump the version again.
    services.goal_add(plan=plan, actor=actor, text="Noah sport op woensdag.")
    plan.refresh_from_db()
    assert plan.version == 2


def test_the_diff_shows_what_changed_between_versions():
    plan = PlanFactory(complete=True)
    actor = plan.case.procesregisseur
    services.plan_adopt(plan=plan, actor=actor)
    plan.refresh_from_db()
    services.analysis_update(plan=plan, actor=actor, expected_version=plan.analysis.lock_version,
                             facts="Noah gaat sinds maart niet naar school; sinds juni ook niet naar sport.",
                             concerns="", strengths="Oma is betrokken.", explanation="")
    removed_goal = plan.goals.get()
    activity = plan.scenarios.get(kind="A").activities.get()
    services.activity_update(activity=activity, actor=actor, expected_version=activity.lock_version,
                             scenario=ScenarioKind.A, what=activity.what, goal=None,
                             organisation=activity.organisation, responsible_user=None,
                             responsible_name="Mentor", due_date=date(2026, 12, 15), status="in_progress")
    services.goal_add(plan=plan, actor=actor, text="Noah voelt zich veilig thuis.")
    services.goal_delete(goal=removed_goal, actor=actor)
    plan.refresh_from_db()

    draft = plan_changes(plan)
    assert (draft["from"], draft["to"], draft["to_is_draft"]) == (1, 2, True)
    summary = {(c.section, c.label, c.kind) for c in draft["changes"]}
    assert ("Analyse", "Feiten", "changed") in summary
    assert ("Analyse", "Krachten", "added") in summary
    assert ("Doelen", "Doel", "added") in summary
    assert ("Doelen", "Doel", "removed") in summary
    assert ("Plan A", "Activiteit", "changed") in summary
    assert ("Plan B", "Activiteit", "changed") in summary  # its goal was deleted
    changed_activity = next(c for c in draft["changes"] if c.label == "Activiteit")
    assert "01-12-2026" in changed_activity.old and "15-12-2026" in changed_activity.new  # the one date style

    services.plan_adopt(plan=plan, actor=actor)
    plan.refresh_from_db()
    adopted = plan_changes(plan)
    assert (adopted["from"], adopted["to"], adopted["to_is_draft"]) == (1, 2, False)
    assert {(c.section, c.label, c.kind) for c in adopted["changes"]} == summary


def test_an_unchanged_snapshot_has_no_diff():
    plan = PlanFactory(complete=True)
    assert snapshot_diff(plan_snapshot(plan), plan_snapshot(plan)) == []


def test_plan_to_monitoring_needs_adoption_casusregisseur_and_first_checkin():
    plan = PlanFactory()
    case = plan.case
    with pytest.raises(workflow.TransitionRefused) as refused:
        case_transition(case=case, to=CaseStage.MONITORING, actor=case.procesregisseur)
    assert refused.value.reasons == ["het plan van aanpak is vastgesteld", "er is een casusregisseur benoemd",
                                     "het eerste monitormoment is gepland"]
    complete = PlanFactory(complete=True)
    services.plan_adopt(plan=complete, actor=complete.case.procesregisseur)
    case_transition(case=complete.case, to=CaseStage.MONITORING, actor=complete.case.procesregisseur)
    complete.case.refresh_from_db()
    assert complete.case.stage == CaseStage.MONITORING


def test_checks_are_one_query_each(django_assert_num_queries):
    plan = PlanFactory(adopted=True)
    for check in (checks.agenda_covered, checks.plan_adopted, checks.casusregisseur_named,
                  checks.first_checkin_scheduled):
        with django_assert_num_queries(1):
            check(plan.case)


# -- optimistic locking ------------------------------------------------------------------------


def test_a_stale_plan_save_is_refused_and_changes_nothing():
    plan = PlanFactory(complete=True)
    actor = plan.case.procesregisseur
    loaded_by_both = plan.lock_version
    services.plan_update(plan=plan, actor=actor, expected_version=loaded_by_both,
                         information_agreements="Eerste: wekelijks bellen", first_checkin_on=None)
    with pytest.raises(services.StaleEdit):
        services.plan_update(plan=plan, actor=actor, expected_version=loaded_by_both,
                             information_agreements="Tweede: maandelijks overleg", first_checkin_on=None)
    plan.refresh_from_db()
    assert plan.information_agreements == "Eerste: wekelijks bellen"
    assert plan.lock_version == loaded_by_both + 1


def test_a_stale_activity_save_is_refused():
    activity = ActivityFactory()
    actor = activity.scenario.plan.case.procesregisseur
    fields = {"scenario": "A", "what": "Nieuw", "goal": None, "organisation": activity.organisation,
              "responsible_user": None, "responsible_name": "X", "due_date": None, "status": "planned"}
    services.activity_update(activity=activity, actor=actor, expected_version=1, **fields)
    with pytest.raises(services.StaleEdit):
        services.activity_update(activity=activity, actor=actor, expected_version=1, **{**fields, "what": "Ander"})
    activity.refresh_from_db()
    assert activity.what == "Nieuw"


# -- plan B ------------------------------------------------------------------------------------


def test_switching_to_plan_b_is_recorded_with_its_reason_on_the_timeline():
    plan = PlanFactory(adopted=True)
    actor = plan.case.procesregisseur
    services.plan_switch_to_b(plan=plan, actor=actor, reason="Noah is na zes weken nog niet op school.")
    plan.refresh_from_db()
    assert plan.active_scenario == ScenarioKind.B and plan.switched_to_b_at
    event = CaseEvent.objects.get(case=plan.case, kind=PlanningEvent.PLAN_B_ACTIVATED)
    assert event.description == "Noah is na zes weken nog niet op school." and event.actor == actor
    # Execution, not content: the adopted version stays adopted.
    assert plan.status == PlanStatus.ADOPTED and plan.version == 1
    with pytest.raises(services.NotAllowed, match="al in werking"):
        services.plan_switch_to_b(plan=plan, actor=actor, reason="Nog eens")


def test_switching_to_plan_b_needs_a_reason_and_an_adopted_plan():
    plan = PlanFactory(complete=True)
    with pytest.raises(services.NotAllowed, match="reden"):
        services.plan_switch_to_b(plan=plan, actor=plan.case.procesregisseur, reason="  ")
    with pytest.raises(services.NotAllowed, match="vastgesteld"):
        services.plan_switch_to_b(plan=plan, actor=plan.case.procesregisseur, reason="Het loopt anders")
    assert not CaseEvent.objects.filter(kind=PlanningEvent.PLAN_B_ACTIVATED).exists()


# -- permissions through sync_case_permissions -------------------------------------------------


def test_appointing_the_casusregisseur_grants_and_changing_revokes():
    plan = PlanFactory()
    case, actor = plan.case, plan.case.procesregisseur
    first, second = UserFactory(region=case.region), UserFactory(region=case.region)
    services.casusregisseur_appoint(plan=plan, actor=actor, casusregisseur=first)
    assert _perms(first, case) == {"view_case", "view_personal_data", "record_progress"}
    assert checks.casusregisseur_named(case)
    services.casusregisseur_appoint(plan=plan, actor=actor, casusregisseur=second)
    assert _perms(first, case) == set()
    assert _perms(second, case) == {"view_case", "view_personal_data", "record_progress"}
    assert "manage_plan" not in _perms(second, case)
    assert CaseEvent.objects.filter(case=case, kind=PlanningEvent.CASUSREGISSEUR_APPOINTED).count() == 2
    services.casusregisseur_appoint(plan=plan, actor=actor, casusregisseur=None)
    assert _perms(second, case) == set()


def test_a_casusregisseur_from_another_region_is_refused():
    plan = PlanFactory()
    with pytest.raises(services.NotAllowed):
        services.casusregisseur_appoint(plan=plan, actor=plan.case.procesregisseur, casusregisseur=UserFactory())
    assert not Plan.objects.filter(casusregisseur__isnull=False).exists()


def test_invited_and_responsible_users_get_the_partner_view_and_lose_it_again():
    plan = PlanFactory()
    case, actor = plan.case, plan.case.procesregisseur
    invited, responsible = UserFactory(region=case.region), UserFactory(region=case.region)
    meeting = MeetingFactory(case=case)
    invitee = meeting_services.invitee_add(meeting=meeting, actor=actor, user=invited)
    assert _perms(invited, case) == {"view_shared"}
    assert invitee.organisation == invited.organisation and invitee.email == invited.email

    activity = services.activity_add(plan=plan, actor=actor, scenario="A", what="Huisbezoek",
                                     organisation=responsible.organisation, responsible_user=responsible)
    assert _perms(responsible, case) == {"view_shared"}

    meeting_services.invitee_remove(invitee=invitee, actor=actor)
    services.activity_delete(activity=activity, actor=actor)
    assert _perms(invited, case) == set() and _perms(responsible, case) == set()


def test_cancelling_a_meeting_revokes_the_invitees_view():
    invitee = MeetingInviteeFactory()
    case = invitee.meeting.case
    assert _perms(invitee.user, case) == {"view_shared"}
    meeting_services.meeting_cancel(meeting=invitee.meeting, actor=case.procesregisseur, reason="Gaat niet door")
    assert _perms(invitee.user, case) == set()


def test_decision_becomes_an_activity_and_the_next_meeting_shows_its_follow_up():
    from planning.selectors import meeting_detail_context

    first = MeetingFactory(held=True)
    case = first.case
    decision = meeting_services.decision_add(meeting=first, actor=case.procesregisseur, text="School zoekt een plek")
    org = OrganisationFactory(region=case.region)
    activity = services.decision_to_activity(decision=decision, actor=case.procesregisseur, scenario="A",
                                             what=decision.text, organisation=org, responsible_name="IB'er")
    decision.refresh_from_db()
    assert decision.activity == activity and activity.scenario.plan.case == case
    with pytest.raises(services.NotAllowed):
        services.decision_to_activity(decision=decision, actor=case.procesregisseur, scenario="A",
                                      what="x", organisation=org)
    second = MeetingFactory(case=case, kind=MeetingKind.MONITORING)
    context = meeting_detail_context(second)
    assert context["previous"] == first
    assert [d.text for d in context["follow_up"]] == ["School zoekt een plek"]
