"""The planning pages: who gets what (404, not 403), forms with Dutch errors, locking, partner view,
query bounds."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStage
from cases.models import CaseEvent
from notifications.delivery import deliver_due
from planning import services
from planning.constants import PlanningEvent
from planning.models import Activity, Goal, Meeting, Plan, SolutionDirection
from planning.tests.factories import (
    ActivityFactory,
    DecisionFactory,
    GoalFactory,
    MeetingFactory,
    MeetingInviteeFactory,
    SolutionDirectionFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["procesregisseur", "colleague", "other_region", "casusregisseur", "partner", "outsider", "manager",
         "beheerder", "anonymous"]
READERS = {"procesregisseur", "casusregisseur"}
SHARED = {"procesregisseur", "casusregisseur", "partner"}
MANAGERS = {"procesregisseur"}

# (url name, kwargs needed, who gets 200, method)
VIEWS = [
    ("plan_detail", (), READERS, "get"),
    ("plan_print", (), READERS, "get"),
    ("plan_pdf", (), READERS, "get"),
    ("meeting_detail", ("meeting_id",), READERS, "get"),
    ("shared", (), SHARED, "get"),
    ("meeting_create", (), MANAGERS, "get"),
    ("meeting_edit", ("meeting_id",), MANAGERS, "get"),
    ("meeting_cancel", ("meeting_id",), MANAGERS, "get"),
    ("meeting_record", ("meeting_id",), MANAGERS, "get"),
    ("invitee_add", ("meeting_id",), MANAGERS, "get"),
    ("decision_add", ("meeting_id",), MANAGERS, "get"),
    ("decision_to_activity", ("meeting_id", "decision_id"), MANAGERS, "get"),
    ("plan_edit", (), MANAGERS, "get"),
    ("analysis_edit", (), MANAGERS, "get"),
    ("goal_add", (), MANAGERS, "get"),
    ("goal_edit", ("goal_id",), MANAGERS, "get"),
    ("direction_add", (), MANAGERS, "get"),
    ("activity_add", (), MANAGERS, "get"),
    ("activity_edit", ("activity_id",), MANAGERS, "get"),
    ("casusregisseur", (), MANAGERS, "get"),
    ("plan_switch_b", (), MANAGERS, "get"),
    ("invitee_remove", ("meeting_id", "invitee_id"), MANAGERS, "post"),
    ("goal_delete", ("goal_id",), MANAGERS, "post"),
    ("direction_delete", ("direction_id",), MANAGERS, "post"),
    ("activity_delete", ("activity_id",), MANAGERS, "post"),
    ("plan_adopt", (), MANAGERS, "post"),
]


def _url(name, case, **kwargs):
    return reverse(f"planning:{name}", kwargs={"case_uuid": case.uuid, **kwargs})


def _ids(world):
    return {
        "meeting_id": world.meeting.pk,
        "invitee_id": world.meeting.invitees.first().pk,
        "decision_id": DecisionFactory(meeting=world.meeting).pk,
        "goal_id": world.plan.goals.first().pk,
        "direction_id": SolutionDirectionFactory(plan=world.plan).pk,
        "activity_id": world.police_activity.pk,
    }


CELLS = [(view, role) for view in VIEWS for role in ROLES]


@pytest.mark.parametrize("cell", CELLS, ids=[f"{v[0]}-{r}" for v, r in CELLS])
def test_every_planning_view_for_every_role(client, pworld, cell):
    (name, needs, allowed, method), role = cell
    ids = _ids(pworld)
    url = _url(name, pworld.case, **{key: ids[key] for key in needs})
    user = pworld.user(role)
    if user is not None:
        client.force_login(user)
    counts = (Activity.objects.count(), Goal.objects.count(), SolutionDirection.objects.count(),
              CaseEvent.objects.count())

    response = getattr(client, method)(url)

    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif role in allowed:
        assert response.status_code == (302 if method == "post" else 200), f"{role} {url}"
    else:
        assert response.status_code == 404, f"{role} {url}"
        assert pworld.case.reference.encode() not in response.content
    if role not in allowed:
        assert counts == (Activity.objects.count(), Goal.objects.count(), SolutionDirection.objects.count(),
                          CaseEvent.objects.count()), "a refused request wrote something"


def test_post_only_views_refuse_get(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    assert client.get(_url("plan_adopt", pworld.case)).status_code == 405


# -- the casusregisseur: reads the plan, cannot edit it ----------------------------------------


def test_casusregisseur_sees_the_plan_read_only(client, pworld):
    client.force_login(pworld.user("casusregisseur"))
    response = client.get(_url("plan_detail", pworld.case))
    html = response.content.decode()
    assert "Politie spreekt de buurt aan" in html and "School regelt een tijdelijke plek" in html
    assert 'data-testid="read-only"' in html
    assert _url("plan_edit", pworld.case) not in html and _url("goal_add", pworld.case) not in html
    assert client.get(_url("plan_edit", pworld.case)).status_code == 404
    assert client.post(_url("plan_adopt", pworld.case)).status_code == 404


def test_casusregisseur_sees_the_case_page_with_the_plan_section(client, pworld):
    client.force_login(pworld.user("casusregisseur"))
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": pworld.case.uuid})).content.decode()
    assert 'data-testid="plan-section"' in html and "Plan bekijken" in html
    assert _url("meeting_create", pworld.case) not in html


# -- the partner view ---------------------------------------------------------------------------


def test_partner_sees_meeting_details_and_only_their_own_organisations_activities(client, pworld):
    client.force_login(pworld.user("partner"))
    response = client.get(_url("shared", pworld.case))
    html = response.content.decode()
    assert response.status_code == 200
    assert pworld.meeting.location in html
    assert "a. Analyse van de huidige situatie" in html and "d. Plan en verdeling van de activiteiten" in html
    assert "Politie spreekt de buurt aan" in html
    assert "School regelt een tijdelijke plek" not in html  # another organisation's activity
    assert "Geheim verslag XYZ" not in html  # minutes
    assert "Noah gaat sinds maart" not in html  # the analysis
    assert "Noah gaat elke dag" not in html  # goals
    assert "Fatima" not in html  # who else is involved


def test_partner_gets_404_on_the_plan_and_its_edit_pages(client, pworld):
    client.force_login(pworld.user("partner"))
    for name in ("plan_detail", "plan_edit", "plan_pdf", "activity_add"):
        assert client.get(_url(name, pworld.case)).status_code == 404
    assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": pworld.case.uuid})).status_code == 404


def test_partner_finds_the_case_on_the_home_page(client, pworld):
    client.force_login(pworld.user("partner"))
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-shared"' in html and _url("shared", pworld.case) in html
    client.force_login(pworld.user("outsider"))
    assert 'data-testid="home-shared"' not in client.get(reverse("home")).content.decode()


# -- meetings through the pages ------------------------------------------------------------------


def _meeting_data(**overrides):
    day = timezone.localdate() + timedelta(days=10)
    data = {"kind": "plan_overleg", "day": day.isoformat(), "start_time": "10:00", "end_time": "11:30",
            "location": "ZVH, zaal 1", "online_url": ""}
    data.update(overrides)
    return data


def test_procesregisseur_plans_a_meeting_and_invites_the_case_parties(
    client, pworld, django_capture_on_commit_callbacks
):
    client.force_login(pworld.user("procesregisseur"))
    involvement = pworld.case.involvements.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("meeting_create", pworld.case), _meeting_data(parties=[involvement.pk]))
    meeting = Meeting.objects.exclude(pk=pworld.meeting.pk).get()
    assert response.status_code == 302 and response["Location"] == _url("meeting_detail", pworld.case,
                                                                        meeting_id=meeting.pk)
    invitee = meeting.invitees.get()
    assert (invitee.organisation, invitee.email) == (pworld.school, "jansen@school.example.nl")
    deliver_due()  # the outbox's delivery task, as a worker runs it
    # The invitee, and a copy for the organiser (issue 20).
    assert [m.to for m in mail.outbox] == [["jansen@school.example.nl"], [pworld.user("procesregisseur").email]]
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "10:00"


def test_meeting_ending_before_it_starts_gets_a_dutch_error_and_keeps_the_input(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("meeting_create", pworld.case),
                           _meeting_data(start_time="14:00", end_time="13:00", location="Stadhuis, kamer 12"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het overleg eindigt vóór het begint" in html
    assert 'value="Stadhuis, kamer 12"' in html
    assert Meeting.objects.count() == 1


def test_meeting_needs_a_place_or_a_link(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("meeting_create", pworld.case), _meeting_data(location=""))
    assert "Vul een locatie of een online link in." in response.content.decode()
    response = client.post(_url("meeting_create", pworld.case),
                           _meeting_data(location="", online_url="geen link"))
    assert "Voer een geldige URL in." in response.content.decode()


def test_invitee_professional_without_organisation_is_refused(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("invitee_add", pworld.case, meeting_id=pworld.meeting.pk),
                           {"role": "professional", "name": "", "email": "", "participation": "present"})
    html = response.content.decode()
    assert "Kies de organisatie of de professional." in html
    assert pworld.meeting.invitees.count() == 1


def test_invitee_youth_takes_part_by_video(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("invitee_add", pworld.case, meeting_id=pworld.meeting.pk),
                           {"role": "jeugdige", "name": "Noah", "email": "", "participation": "video"})
    assert response.status_code == 302
    youth = pworld.meeting.invitees.get(role="jeugdige")
    assert (youth.participation, youth.organisation, youth.user) == ("video", None, None)


def test_recording_the_agenda_on_the_page_lets_the_case_move_to_plan(client, pworld):
    case = pworld.case
    case.stage = CaseStage.OVERLEG
    case.save(update_fields=["stage"])
    meeting = MeetingFactory(case=case, past=True)
    invitee = MeetingInviteeFactory(meeting=meeting)
    pworld.meeting.delete()
    client.force_login(pworld.user("procesregisseur"))
    data = {"minutes": "Alles besproken", "agenda_analysis": "on", "agenda_goals": "on", "agenda_solutions": "on",
            "agenda_plan": "on", "sc_all_parties": "on", f"attendance_{invitee.pk}": "present"}
    assert client.post(_url("meeting_record", case, meeting_id=meeting.pk), data).status_code == 302
    response = client.post(reverse("cases:transition", kwargs={"case_uuid": case.uuid}),
                           {"to_stage": CaseStage.PLAN, "reason": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == CaseStage.PLAN


# -- the plan through the pages ------------------------------------------------------------------


def test_goal_that_reads_as_a_treatment_is_saved_with_a_warning(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("goal_add", pworld.case), {"text": "Noah volgt een agressieregulatietraining"},
                           follow=True)
    assert Goal.objects.filter(text__contains="agressieregulatietraining").exists()
    html = response.content.decode()
    assert "Dit doel klinkt als een behandeling" in html  # the warning message after the redirect
    assert "klinkt als een behandeling</span>" in html  # and the mark next to the goal


def test_goal_in_the_youths_words_gets_no_warning(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("goal_add", pworld.case), {"text": "Noah heeft een vriend in de klas"}, follow=True)
    assert "Dit doel klinkt als een behandeling" not in response.content.decode()


def test_activity_needs_someone_responsible(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("activity_add", pworld.case), {
        "scenario": "A", "what": "Huisbezoek", "organisation": pworld.police.pk, "status": "planned"})
    assert "Zeg wie de activiteit oppakt" in response.content.decode()
    response = client.post(_url("activity_add", pworld.case), {
        "scenario": "A", "what": "Huisbezoek", "organisation": pworld.school.pk,
        "responsible_user": pworld.user("partner").pk, "status": "planned"})
    assert "Deze persoon werkt niet bij de gekozen organisatie." in response.content.decode()
    assert not Activity.objects.filter(what="Huisbezoek").exists()


def _plan_form(world, **overrides):
    plan = Plan.objects.get(pk=world.plan.pk)
    data = {"lock_version": plan.lock_version, "scenario_a_description": "Terug naar school",
            "scenario_b_description": "Andere school", "scenario_b_trigger": "Na zes weken geen verbetering",
            "information_agreements": "Elke week een belronde", "first_checkin_on": "", "monitoring_notes": ""}
    data.update(overrides)
    return data


def test_stale_plan_save_is_refused_with_a_dutch_message_and_the_input_kept(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    mine = _plan_form(pworld, information_agreements="Mijn tekst: de casusregisseur belt iedere vrijdag")
    # Someone else saves first, with the same version loaded.
    services.plan_update(plan=pworld.plan, actor=pworld.user("procesregisseur"),
                         expected_version=mine["lock_version"], information_agreements="Tekst van een collega",
                         first_checkin_on=None)
    response = client.post(_url("plan_edit", pworld.case), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen opgeslagen" in html
    assert "Mijn tekst: de casusregisseur belt iedere vrijdag" in html  # nothing lost
    assert 'data-testid="current-version"' in html and "Tekst van een collega" in html
    assert Plan.objects.get(pk=pworld.plan.pk).information_agreements == "Tekst van een collega"
    # The form now carries the current version: saving again on purpose works.
    fresh = Plan.objects.get(pk=pworld.plan.pk).lock_version
    assert f'name="lock_version" value="{fresh}"' in html
    response = client.post(_url("plan_edit", pworld.case), {**mine, "lock_version": fresh})
    assert response.status_code == 302
    assert Plan.objects.get(pk=pworld.plan.pk).information_agreements.startswith("Mijn tekst")


def test_stale_analysis_save_is_refused(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    analysis = pworld.plan.analysis
    data = {"lock_version": analysis.lock_version, "facts": "Mijn feiten", "concerns": "", "strengths": "",
            "explanation": ""}
    assert client.post(_url("analysis_edit", pworld.case), data).status_code == 302
    response = client.post(_url("analysis_edit", pworld.case), {**data, "facts": "Tweede poging"})
    assert "Iemand anders heeft dit intussen opgeslagen" in response.content.decode()
    analysis.refresh_from_db()
    assert analysis.facts == "Mijn feiten"


def test_plan_b_trigger_is_required_with_a_plan_b(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("plan_edit", pworld.case), _plan_form(pworld, scenario_b_trigger=""))
    assert "Zeg wanneer plan B in werking treedt." in response.content.decode()


def test_adopting_on_the_page_and_the_case_page_shows_what_changed(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    client.post(_url("plan_edit", pworld.case),
                _plan_form(pworld, first_checkin_on=(timezone.localdate() + timedelta(days=14)).isoformat()))
    assert client.post(_url("plan_adopt", pworld.case)).status_code == 302
    assert Plan.objects.get(pk=pworld.plan.pk).is_adopted
    client.post(_url("goal_add", pworld.case), {"text": "Noah slaapt weer goed"})
    # The case page links to the changes; the plan page, where they are read, shows them (issue 16).
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": pworld.case.uuid})).content.decode()
    assert 'data-testid="plan-changes-link"' in html
    assert f'{_url("plan_detail", pworld.case)}#wijzigingen' in html
    assert 'data-testid="plan-changes"' not in html
    html = client.get(_url("plan_detail", pworld.case)).content.decode()
    assert 'data-testid="plan-changes"' in html
    assert "Wijzigingen in conceptversie 2 ten opzichte van vastgestelde versie 1" in html
    assert "Noah slaapt weer goed" in html


def test_incomplete_plan_is_not_adopted_and_the_page_says_why(client, pworld):
    Plan.objects.filter(pk=pworld.plan.pk).update(first_checkin_on=None)
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("plan_adopt", pworld.case), follow=True)
    assert "Het plan kan nog niet worden vastgesteld: het eerste monitormoment is gepland." in \
        response.content.decode()
    assert not Plan.objects.get(pk=pworld.plan.pk).is_adopted


def test_switch_to_plan_b_on_the_page_shows_on_the_timeline(client, pworld):
    plan = pworld.plan
    plan.first_checkin_on = timezone.localdate()
    plan.save(update_fields=["first_checkin_on"])
    services.plan_adopt(plan=plan, actor=pworld.user("procesregisseur"))
    client.force_login(pworld.user("procesregisseur"))
    for empty in ("", "   "):
        response = client.post(_url("plan_switch_b", pworld.case), {"reason": empty})
        assert "Geef de reden om over te stappen op plan B." in response.content.decode()
    response = client.post(_url("plan_switch_b", pworld.case), {"reason": "Geen schoolplek na zes weken"},
                           follow=True)
    html = response.content.decode()
    assert 'data-testid="plan-b-active"' in html
    assert "Overgestapt op plan B: Geen schoolplek na zes weken" in html
    assert CaseEvent.objects.filter(kind=PlanningEvent.PLAN_B_ACTIVATED).count() == 1


def test_appointing_the_casusregisseur_on_the_page_grants_access(client, pworld):
    from zvh.tests.factories import UserFactory

    newcomer = UserFactory(region=pworld.region)
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("casusregisseur", pworld.case), {"casusregisseur": newcomer.pk})
    assert response.status_code == 302
    client.force_login(newcomer)
    assert client.get(_url("plan_detail", pworld.case)).status_code == 200
    client.force_login(pworld.user("casusregisseur"))
    assert client.get(_url("plan_detail", pworld.case)).status_code == 404


def test_casusregisseur_of_another_region_cannot_be_chosen(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = client.post(_url("casusregisseur", pworld.case), {"casusregisseur": pworld.user("other_region").pk})
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_print_page_has_both_scenarios_and_no_inline_script_or_style(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    html = client.get(_url("plan_print", pworld.case)).content.decode()
    assert "Politie spreekt de buurt aan" in html and "School regelt een tijdelijke plek" in html
    assert "concept, nog niet vastgesteld" in html
    assert " style=" not in html and "onclick" not in html and "<script>" not in html


# -- query bounds ---------------------------------------------------------------------------------


def _grow(world, n):
    """Add n meetings with invitees, goals, activities and adopted versions to the world's case."""
    case, plan, actor = world.case, world.plan, world.user("procesregisseur")
    for i in range(n):
        meeting = MeetingFactory(case=case, held=True, starts_at=timezone.now() - timedelta(days=30 + i))
        for _j in range(3):
            MeetingInviteeFactory(meeting=meeting)
        DecisionFactory(meeting=meeting)
        GoalFactory(plan=plan)
        ActivityFactory(plan=plan, organisation=world.police)
        ActivityFactory(plan=plan, plan_b=True)
        SolutionDirectionFactory(plan=plan)
    plan.first_checkin_on = timezone.localdate()
    plan.save(update_fields=["first_checkin_on"])
    for i in range(2):
        services.plan_adopt(plan=plan, actor=actor)
        services.goal_add(plan=plan, actor=actor, text=f"Extra doel {i}")


# (who, which page, at most how many queries): the same bound at both data sizes. Case pages include the
# access-log entry (case lookup + insert).
PAGES = [
    ("procesregisseur", lambda w: reverse("cases:case_detail", kwargs={"case_uuid": w.case.uuid}), 42),
    ("procesregisseur", lambda w: _url("plan_detail", w.case), 27),
    ("casusregisseur", lambda w: _url("plan_detail", w.case), 27),
    ("procesregisseur", lambda w: _url("plan_print", w.case), 27),
    ("procesregisseur", lambda w: _url("meeting_detail", w.case, meeting_id=w.meeting.pk), 22),
    ("procesregisseur", lambda w: _url("meeting_record", w.case, meeting_id=w.meeting.pk), 14),
    ("procesregisseur", lambda w: _url("activity_add", w.case), 14),
    ("partner", lambda w: _url("shared", w.case), 20),  # + sharing ground, plan version, sharing log
    ("partner", lambda w: reverse("home"), 17),
]


@pytest.mark.parametrize("size", [0, 12])
@pytest.mark.parametrize(("role", "page", "limit"), PAGES, ids=[f"{r}-{i}" for i, (r, _p, _l) in enumerate(PAGES)])
def test_pages_issue_a_bounded_number_of_queries(client, pworld, django_assert_max_num_queries, size, role, page,
                                                 limit):
    if size:
        _grow(pworld, size)
    client.force_login(pworld.user(role))
    url = page(pworld)
    client.get(url)  # warm caches (content types, session)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_deleting_twice_gives_the_same_outcome_not_an_error(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    url = _url("activity_delete", pworld.case, activity_id=pworld.police_activity.pk)
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert response.status_code == 200 and "Dit was al verwijderd." in response.content.decode()
    client.force_login(pworld.user("colleague"))
    assert client.post(url).status_code == 404
