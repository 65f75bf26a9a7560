"""The practice pages as a trainee, a trainer, a fellow group member and anybody else would use them."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.constants import PersonRole
from closeout.models import CloseOut
from planning import meeting_services
from planning.constants import MeetingKind, ScenarioKind, VoiceMode
from planning.models import Plan
from planning.models import Scenario as PlanScenario
from practice import simulation
from practice.constants import SESSION_KEY
from practice.demo import shipped_scenarios
from practice.models import DevelopmentGroup, Feedback, PracticeCase, Scenario
from practice.tests.helpers import advance, involve, next_week, scenario, start, trainee, triaged
from zvh.models import Organisation, Region, User
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def trainer():
    return UserFactory(region=None, organisation=None, function="trainer")


def test_practice_is_offered_to_whoever_may_practise_and_nobody_else(client):
    scenario()
    for user, status in ((trainee(), 200), (UserFactory(function="in_opleiding"), 200), (trainer(), 200),
                         (UserFactory(), 404), (UserFactory(manager=True), 404), (UserFactory(beheerder=True), 404)):
        client.force_login(user)
        assert client.get(reverse("practice:home")).status_code == status, user.function


def test_a_trainee_starts_a_scenario_and_works_on_the_real_screens_in_practice_mode(client):
    user = trainee()
    chosen = scenario()
    client.force_login(user)
    html = client.get(reverse("practice:home")).content.decode()
    assert chosen.title in html and "Start deze oefening" in html
    response = client.post(reverse("practice:start", kwargs={"slug": chosen.slug}))
    play = PracticeCase.objects.get(space__trainee=user)
    assert response.url == reverse("cases:referral_detail", kwargs={"case_uuid": play.case.uuid})
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="practice-banner"' in html and "OEFENOMGEVING" in html
    assert page.context["user"] == play.space.account  # the real screens run as the practice account
    # The practice pages themselves run as the trainee.
    assert client.get(reverse("practice:home")).context["user"] == user
    # Leaving: the same address is 404 for the trainee's real account, and the banner is gone.
    client.post(reverse("practice:leave"))
    assert client.get(response.url).status_code == 404
    assert "practice-banner" not in client.get(reverse("home")).content.decode()


def test_entering_practice_mode_goes_on_to_a_page_of_this_site_only(client):
    client.force_login(trainee())
    for target, expected in (("/oefenen/groepen/", "/oefenen/groepen/"), ("https://elders.example/", "/"),
                             ("//elders.example/", "/"), ("9999-12-31", "/"), ("", "/")):
        response = client.post(reverse("practice:enter"), {"next": target})
        assert response.status_code == 302 and response.url == expected, target


def test_practice_mode_belongs_to_the_session_of_its_trainee(client, django_capture_on_commit_callbacks):
    play = start(django_capture_on_commit_callbacks)
    other = trainee()
    client.force_login(other)
    session = client.session
    session[SESSION_KEY] = play.space_id  # somebody else's space id in one's own session
    session.save()
    assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": play.case.uuid})).status_code == 404
    assert client.get(reverse("home")).context["user"] == other
    assert SESSION_KEY not in client.session


def test_nobody_logs_in_as_a_practice_account(client, django_capture_on_commit_callbacks):
    play = start(django_capture_on_commit_callbacks)
    for user in User.objects.filter(region=play.space.region):
        for password in ("", "procesregie-demo-2026", user.username):
            client.post(reverse("login"), {"username": user.username, "password": password})
            assert "_auth_user_id" not in client.session


def test_the_play_page_moves_the_clock_and_says_what_is_wrong_in_dutch(client, django_capture_on_commit_callbacks):
    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    client.force_login(play.space.trainee)
    url = reverse("practice:play", kwargs={"play_id": play.pk})
    html = client.get(url).content.decode()
    assert "Naar het volgende moment (over 2 dagen)" in html
    response = client.post(reverse("practice:advance", kwargs={"play_id": play.pk}), {"days": "abc"})
    assert response.status_code == 200
    assert "Vul een heel aantal dagen in." in response.content.decode()
    response = client.post(reverse("practice:advance", kwargs={"play_id": play.pk}), {"days": "400"})
    assert "Zet de klok hoogstens 365 dagen vooruit." in response.content.decode()
    play.refresh_from_db()
    assert play.simulated_days == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practice:advance", kwargs={"play_id": play.pk}), {"next": "1"})
    play.refresh_from_db()
    assert play.simulated_days == 2 and "vader-belt" in set(play.fired.values_list("key", flat=True))
    html = client.get(url).content.decode()
    assert "Dag 2 van de oefening" in html
    # Another trainee cannot see or move someone else's play, nor a trainer of another group.
    for stranger in (trainee(), trainer()):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.post(reverse("practice:advance", kwargs={"play_id": play.pk}), {"days": "5"}).status_code == 404
    play.refresh_from_db()
    assert play.simulated_days == 2
    # The trainer of the trainee's group runs the clock in a live session, once the trainee shared the play.
    lead = trainer()
    DevelopmentGroup.objects.create(name="Live", trainer=lead).members.add(play.space.trainee)
    client.force_login(lead)
    assert client.get(url).status_code == 404
    PracticeCase.objects.filter(pk=play.pk).update(shared_with_groups=True)
    assert "Open de casus" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practice:advance", kwargs={"play_id": play.pk}), {"days": "3"})
    play.refresh_from_db()
    assert play.simulated_days == 5


def _play_well(capture, play, *, hear_youth=True, plan_b=True):
    """What a trainee did: the needed parties invited, the youth heard or not, a plan with or without
    a plan B and its trigger, a casusregisseur, the afschaal criteria."""
    account = play.space.account
    needed = [p["key"] for p in play.scenario_data["parties"] if p["needed_at_table"]]
    partners = []
    for key in needed:
        involve(capture, play, key)
        partners.append(simulation.simulated_partner(play, key))
    starts_at, ends_at = next_week()
    with capture(execute=True):
        meeting = meeting_services.meeting_schedule(
            case=play.case, actor=account, kind=MeetingKind.PLAN, starts_at=starts_at, ends_at=ends_at,
            location="ZVH", invitees=[{"user": p, "organisation": p.organisation} for p in partners])
    advance(capture, play, 8)  # the overleg is held, everybody at the table
    with capture(execute=True):
        meeting_services.meeting_record(meeting=meeting, actor=account, minutes="Iedereen aan tafel.",
                                        attendance={i.pk: "present" for i in meeting.invitees.all()})
        if hear_youth:
            meeting_services.voice_record(meeting=meeting, actor=account, mode=VoiceMode.PRESENT,
                                          person=play.case.persons.get(role=PersonRole.JEUGDIGE),
                                          own_words="Ik wil wel naar school, maar niet naar die klas.")
    plan = Plan.objects.create(case=play.case, casusregisseur=partners[0], adopted_at=timezone.now())
    PlanScenario.objects.create(plan=plan, kind=ScenarioKind.A, description="Terug naar school")
    if plan_b:
        PlanScenario.objects.create(plan=plan, kind=ScenarioKind.B, description="Onderwijs-zorgarrangement",
                                    trigger="Na zes weken nog geen dag naar school")
    CloseOut.objects.create(case=play.case, care_organised=True, family_self_reliant=True, regie_handed_over=True,
                            decided_by=account)


def _points(response) -> dict[str, bool]:
    return {point.key: point.met for point in response.context["points"]}


def test_the_debrief_reflects_what_the_trainee_did(client, django_capture_on_commit_callbacks):
    good = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    _play_well(django_capture_on_commit_callbacks, good)
    poor = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    _play_well(django_capture_on_commit_callbacks, poor, hear_youth=False, plan_b=False)

    client.force_login(good.space.trainee)
    response = client.get(reverse("practice:debrief", kwargs={"play_id": good.pk}))
    assert _points(response) == {key: True for key in good.scenario_data["attention_points"]}
    html = response.content.decode()
    assert "Plan B treedt in werking als: Na zes weken nog geen dag naar school" in html
    # The scripted decline happened (leerplicht was invited) and shows with its day.
    declined = next(e["text"] for e in good.scenario_data["events"] if e["key"] == "leerplicht-weigert")
    assert f"Dag 0: {escape(declined)}" in html
    assert "Alle 4 benodigde partijen waren aanwezig bij een gehouden overleg." in html

    # While the play runs the trainee sees no spoilers: no event still to come, no writer's notes.
    still_to_come = next(e["text"] for e in good.scenario_data["events"] if e["key"] == "school-voortgang")
    assert escape(still_to_come) not in html and 'data-testid="no-spoilers"' in html
    assert escape(good.scenario_data["debrief_notes"][:80]) not in html

    client.force_login(poor.space.trainee)
    response = client.get(reverse("practice:debrief", kwargs={"play_id": poor.pk}))
    points = _points(response)
    assert points["youth_heard"] is False and points["plan_b_trigger"] is False
    assert points["parties_at_table"] is True and points["casusregisseur"] is True
    html = response.content.decode()
    assert "Bij geen enkel overleg is vastgelegd hoe de jeugdige zelf is gehoord." in html
    assert "Er is geen plan B beschreven." in html
    pdf = client.get(reverse("practice:debrief_pdf", kwargs={"play_id": poor.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Once the case is closed, everything: what did not happen and the writer's notes.
    from cases.models import Case

    Case.objects.filter(pk=poor.case.pk).update(stage="closed")
    html = client.get(reverse("practice:debrief", kwargs={"play_id": poor.pk})).content.decode()
    assert "Niet gebeurd: " + escape(still_to_come) in html
    assert escape(poor.scenario_data["debrief_notes"][:80]) in html


def test_the_group_sees_a_debrief_only_once_the_trainee_shares_it(client, django_capture_on_commit_callbacks):
    play = start(django_capture_on_commit_callbacks)
    me = play.space.trainee
    lead = trainer()
    fellow, outsider = trainee(), trainee()
    group = DevelopmentGroup.objects.create(name="Noord", trainer=lead)
    group.members.add(me, fellow)
    url = reverse("practice:debrief", kwargs={"play_id": play.pk})
    # Before the trainee shares: only they see it (not their trainer either).
    for user, status in ((lead, 404), (fellow, 404), (outsider, 404), (me, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.post(reverse("practice:share", kwargs={"play_id": play.pk}), {"shared": "1"})
    # The trainer gives feedback (marked as the trainer's).
    client.force_login(lead)
    client.post(reverse("practice:feedback", kwargs={"play_id": play.pk}), {"text": "Wie zat er namens school?"})
    assert Feedback.objects.get(practice_case=play).by_trainer
    client.force_login(fellow)
    response = client.get(url)
    assert response.status_code == 200 and "Wie zat er namens school?" in response.content.decode()
    response = client.post(reverse("practice:feedback", kwargs={"play_id": play.pk}), {"text": "  "})
    assert "Schrijf uw reactie." in response.content.decode()
    client.post(reverse("practice:feedback", kwargs={"play_id": play.pk}), {"text": "Herkenbaar!"})
    assert Feedback.objects.filter(practice_case=play, author=fellow, by_trainer=False).exists()
    html = client.get(reverse("practice:group", kwargs={"group_id": group.pk})).content.decode()
    assert url in html
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("practice:group", kwargs={"group_id": group.pk})).status_code == 404
    assert client.post(reverse("practice:feedback", kwargs={"play_id": play.pk}), {"text": "x"}).status_code == 404
    # Withdrawing the consent hides it again; only the trainee decides.
    client.force_login(fellow)
    client.post(reverse("practice:share", kwargs={"play_id": play.pk}), {"shared": "0"})
    play.refresh_from_db()
    assert play.shared_with_groups
    client.force_login(me)
    client.post(reverse("practice:share", kwargs={"play_id": play.pk}), {"shared": "0"})
    client.force_login(fellow)
    assert client.get(url).status_code == 404
    client.force_login(lead)
    assert client.get(url).status_code == 404


def test_a_trainer_builds_a_group_across_regions(client):
    lead = trainer()
    north, south = trainee(), trainee()
    assert north.region != south.region
    client.force_login(lead)
    response = client.post(reverse("practice:group_create"), {"name": ""})
    assert response.status_code == 200 and "Geef de groep een naam." in response.content.decode()
    response = client.post(reverse("practice:group_create"), {"name": "Landelijke groep"})
    group = DevelopmentGroup.objects.get(trainer=lead)
    assert response.url == reverse("practice:group", kwargs={"group_id": group.pk})
    add = reverse("practice:member_add", kwargs={"group_id": group.pk})
    for user in (north, south):
        client.post(add, {"username": user.username})
    response = client.post(add, {"username": UserFactory(manager=True).username})
    assert "Er is geen actieve procesregisseur of procesregisseur in opleiding met deze gebruikersnaam." in (
        response.content.decode())
    assert set(group.members.all()) == {north, south}
    # A member cannot add anybody; they can leave.
    client.force_login(north)
    assert client.post(add, {"username": trainee().username}).status_code == 404
    client.post(reverse("practice:member_remove", kwargs={"group_id": group.pk, "user_id": north.pk}))
    assert set(group.members.all()) == {south}
    assert client.post(reverse("practice:group_create"), {"name": "Eigen groep"}).status_code == 404


def test_a_trainer_imports_edits_and_exports_a_scenario(client):
    lead = trainer()
    client.force_login(lead)
    data = shipped_scenarios()[0]
    data["slug"], data["title"] = "nieuw-scenario", "Een nieuw scenario"
    upload = SimpleUploadedFile("nieuw.json", json.dumps(data).encode(), content_type="application/json")
    response = client.post(reverse("practice:scenarios"), {"file": upload})
    created = Scenario.objects.get(slug="nieuw-scenario")
    assert response.url == reverse("practice:scenario_edit", kwargs={"slug": created.slug})
    assert created.author == lead
    # A broken document: every problem on the form, nothing stored, the pasted text kept.
    broken = dict(data, slug="kapot", persons=[])
    response = client.post(reverse("practice:scenarios"), {"text": json.dumps(broken)})
    html = response.content.decode()
    assert response.status_code == 200 and "Noem minstens één persoon (persons)." in html
    assert "kapot" in html and not Scenario.objects.filter(slug="kapot").exists()
    response = client.post(reverse("practice:scenarios"), {"text": "{niet: json"})
    assert "Dit is geen geldige JSON: er gaat iets mis op regel 1, teken 2" in response.content.decode()
    # Editing keeps what was typed when it is wrong.
    edit = reverse("practice:scenario_edit", kwargs={"slug": created.slug})
    response = client.post(edit, {"text": json.dumps(dict(data, title=""))})
    assert "Geef een titel (hoogstens 150 tekens)." in response.content.decode()
    client.post(edit, {"text": json.dumps(dict(data, title="Beter"))})
    created.refresh_from_db()
    assert created.title == "Beter"
    exported = client.get(reverse("practice:scenario_export", kwargs={"slug": created.slug}))
    assert exported["Content-Disposition"] == 'attachment; filename="nieuw-scenario.json"'
    assert json.loads(exported.content)["title"] == "Beter"
    # A trainee does not manage scenarios.
    client.force_login(trainee())
    assert client.get(reverse("practice:scenarios")).status_code == 404
    assert client.get(edit).status_code == 404


def test_deleting_the_space_deletes_everything_in_it(client, django_capture_on_commit_callbacks):
    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    involve(django_capture_on_commit_callbacks, play, "politie")
    user, region = play.space.trainee, play.space.region
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = play.space_id
    session.save()
    assert "1 oefencasus" in client.get(reverse("practice:space_delete")).content.decode()
    client.post(reverse("practice:space_delete"))
    assert not Region.all_objects.filter(pk=region.pk).exists()
    assert not User.objects.filter(region_id=region.pk).exists()
    assert not Organisation.objects.filter(region_id=region.pk).exists()
    assert not PracticeCase.objects.exists()
    assert SESSION_KEY not in client.session
    user.refresh_from_db()  # the trainee's real account stays
    assert client.get(reverse("practice:home")).status_code == 200


def test_a_trainer_links_library_lessons_that_the_debrief_then_shows(client, django_capture_on_commit_callbacks):
    from closeout.models import Lesson

    play = start(django_capture_on_commit_callbacks)
    region = play.space.trainee.region
    published = Lesson.objects.create(title="Eerst de jongere zelf", theme="jeugdige", text="Vraag het hem.",
                                      region=region, status="published")
    in_review = Lesson.objects.create(title="Nog niet gedeeld", theme="jeugdige", text="x", region=region)
    client.force_login(trainer())
    edit = reverse("practice:scenario_edit", kwargs={"slug": play.scenario.slug})
    html = client.get(edit).content.decode()
    assert published.title in html and in_review.title not in html
    client.post(edit, {"text": json.dumps(play.scenario.data), "lessons": [published.pk]})
    assert list(play.scenario.lessons.all()) == [published]
    client.force_login(play.space.trainee)
    html = client.get(reverse("practice:debrief", kwargs={"play_id": play.pk})).content.decode()
    assert "Eerst de jongere zelf" in html


def test_the_banner_keeps_the_real_notifications_in_sight(client, django_capture_on_commit_callbacks):
    from notifications.services import notify

    play = start(django_capture_on_commit_callbacks)
    me = play.space.trainee
    notify(recipient=me, kind="general", title="Echte opschaling", email=False)
    client.force_login(me)
    session = client.session
    session[SESSION_KEY] = play.space_id
    session.save()
    html = client.get(reverse("home")).content.decode()
    assert "1 ongelezen melding in uw echte werk" in html


def test_a_trainee_has_at_most_ten_open_plays(client, django_capture_on_commit_callbacks, monkeypatch):
    from practice import spaces

    monkeypatch.setattr(spaces, "MAX_OPEN_PLAYS", 2)
    play = start(django_capture_on_commit_callbacks)
    me = play.space.trainee
    start(django_capture_on_commit_callbacks, user=me)
    client.force_login(me)
    response = client.post(reverse("practice:start", kwargs={"slug": play.scenario.slug}), follow=True)
    assert "U heeft al 2 oefencasussen open." in response.content.decode()
    assert PracticeCase.objects.filter(space__trainee=me).count() == 2


def test_the_start_page_shows_trainees_and_trainers_the_way_to_oefenen(client):
    for user, hint in ((UserFactory(function="in_opleiding"), True), (trainer(), True), (trainee(), False)):
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert ('data-testid="practice-hint"' in html) is hint, user.function


def test_adding_a_member_twice_says_so(client):
    lead, member = trainer(), trainee()
    group = DevelopmentGroup.objects.create(name="Noord", trainer=lead)
    group.members.add(member)
    client.force_login(lead)
    response = client.post(reverse("practice:member_add", kwargs={"group_id": group.pk}),
                           {"username": member.username})
    assert "doet al mee in deze groep." in response.content.decode()


def test_the_menu_marks_oefenen_and_only_oefenen_as_the_current_page(client):
    client.force_login(trainee())
    html = client.get(reverse("practice:groups")).content.decode()
    assert html.count('aria-current="page"') == 1
    assert f'href="{reverse("practice:home")}" aria-current="page"' in html
    html = client.get(reverse("practice:home")).content.decode()
    assert html.count('aria-current="page"') == 1 and f'href="{reverse("home")}" aria-current' not in html
