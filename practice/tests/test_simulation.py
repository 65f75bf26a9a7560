"""A play of a scenario: the practice space, scripted events that fire once at their point, the clock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.constants import CaseStage
from cases.models import InformationItem, Person
from cases.services import case_transition
from planning import meeting_services
from planning.constants import MeetingKind, RsvpStatus
from planning.models import MeetingInvitee
from practice import simulation
from practice.demo import shipped_scenarios
from practice.models import FiredEvent
from practice.scenario_format import ACTIONS, ATTENTION_POINTS, problems
from practice.tests.helpers import advance, fired, involve, next_week, organisation, start, triaged
from zvh.models import Region, User

pytestmark = pytest.mark.django_db


def test_the_shipped_scenarios_are_valid_and_use_every_action_and_attention_point():
    documents = shipped_scenarios()
    assert len(documents) >= 3
    assert all(problems(data) == [] for data in documents)
    assert {e["action"] for data in documents for e in data["events"]} == set(ACTIONS)
    assert {p for data in documents for p in data["attention_points"]} == set(ATTENTION_POINTS)


def test_a_broken_scenario_gets_every_problem_in_dutch():
    data = shipped_scenarios()[0]
    data["persons"] = [{"key": "x", "role": "buurman", "first_name": "", "last_name": "A", "age": "veertien"}]
    data["events"][0]["when"] = {"after": "invited", "party": "bestaat-niet"}
    found = problems(data)
    assert "Persoon 1: de rol is een van jeugdige, ouder, vertegenwoordiger, gezinslid, overig." in found
    assert "Persoon 1: vul voor- en achternaam in." in found
    assert "Persoon 1: de leeftijd is een heel getal tussen 0 en 110." in found
    assert "Eén persoon heeft de rol jeugdige." in found
    assert "Gebeurtenis 1: when.party is een van de partijen." in found


def test_starting_a_play_builds_a_practice_space_apart_from_every_real_region(django_capture_on_commit_callbacks):
    play = start(django_capture_on_commit_callbacks)
    space, case = play.space, play.case
    assert space.region.is_practice and case.is_practice
    assert case.reference.startswith(f"OEFEN-{space.region.code}-")
    assert case.stage == CaseStage.AANMELDING
    assert not Region.objects.filter(pk=space.region_id).exists()  # the default manager: real regions only
    assert space.account.region_id == space.region_id and space.account.is_procesregisseur
    # Nobody logs in as the practice account or a simulated partner, and none has an e-mail address.
    practice_users = User.objects.filter(region=space.region)
    assert practice_users.count() == 1 + len(play.scenario_data["parties"])
    assert not any(u.has_usable_password() or u.email for u in practice_users)
    assert all(u.is_practice for u in practice_users) and not space.trainee.is_practice
    # The persons with their ages; the referring party registered it.
    assert Person.objects.filter(case=case).count() == len(play.scenario_data["persons"])
    assert case.referrer_organisation == organisation(play, "school")
    # What happens at the start (day 0) has happened, once.
    assert fired(play) == ["school-belt"]
    assert case.events.filter(kind="practice_scripted").count() == 1
    assert space.account.notifications.filter(title__startswith="Oefenverloop").count() == 1


def test_a_trainee_has_one_space_for_all_their_plays(django_capture_on_commit_callbacks):
    play = start(django_capture_on_commit_callbacks)
    second = start(django_capture_on_commit_callbacks, user=play.space.trainee, slug="huiselijk-geweld")
    assert second.space == play.space
    assert second.case.reference != play.case.reference


def test_a_stage_event_fires_once_at_its_day_on_the_simulated_clock(django_capture_on_commit_callbacks):
    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    # "vader-belt": two days after the intake began.
    advance(django_capture_on_commit_callbacks, play, 1)
    assert "vader-belt" not in fired(play)
    advance(django_capture_on_commit_callbacks, play, 1)
    assert fired(play).count("vader-belt") == 1
    assert play.day == 2
    # Checking again, or moving on, never fires it a second time.
    assert simulation.run_due(play.case_id) == []
    advance(django_capture_on_commit_callbacks, play, 5)
    assert FiredEvent.objects.filter(practice_case=play, key="vader-belt").count() == 1


def test_involving_a_party_brings_what_it_knows_and_its_scripted_call(django_capture_on_commit_callbacks):
    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    assert InformationItem.objects.filter(case=play.case).count() == 0
    involve(django_capture_on_commit_callbacks, play, "politie")
    police = next(p for p in play.scenario_data["parties"] if p["key"] == "politie")
    items = InformationItem.objects.filter(case=play.case, source__organisation__name=police["name"])
    assert sorted(items.values_list("content", flat=True)) == sorted(i["content"] for i in police["information"])
    assert {"politie-groep", "informatie-politie"} <= set(fired(play))


def test_a_party_declines_its_invitation_through_the_real_reply(django_capture_on_commit_callbacks):
    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    involve(django_capture_on_commit_callbacks, play, "leerplicht")
    partner = simulation.simulated_partner(play, "leerplicht")
    starts_at, ends_at = next_week()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_schedule(case=play.case, actor=play.space.account, kind=MeetingKind.PLAN,
                                          starts_at=starts_at, ends_at=ends_at, location="ZVH",
                                          invitees=[{"user": partner, "organisation": partner.organisation}])
    invitee = MeetingInvitee.objects.get(meeting__case=play.case, user=partner)
    assert invitee.rsvp == RsvpStatus.DECLINED
    assert invitee.rsvp_note == next(e["text"] for e in play.scenario_data["events"]
                                     if e["key"] == "leerplicht-weigert")
    assert fired(play).count("leerplicht-weigert") == 1


def test_the_clock_moves_every_moment_of_the_case_but_not_birth_dates(django_capture_on_commit_callbacks):
    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    case = play.case
    opened, entered = case.opened_at, case.stage_entered_at
    births = list(Person.objects.filter(case=case).order_by("pk").values_list("date_of_birth", flat=True))
    first_event = case.events.order_by("pk").first()
    advance(django_capture_on_commit_callbacks, play, 10)
    case = play.case
    assert case.opened_at == opened - timedelta(days=10)
    assert case.stage_entered_at == entered - timedelta(days=10)
    assert case.events.get(pk=first_event.pk).created_at == first_event.created_at - timedelta(days=10)
    assert list(Person.objects.filter(case=case).order_by("pk").values_list("date_of_birth", flat=True)) == births
    assert play.simulated_days == 10
    assert case.events.filter(kind="practice_clock").count() == 1


def test_the_clock_moves_a_case_with_information_and_daily_reminders(django_capture_on_commit_callbacks):
    """Information protects its source party, and a reminder is unique per day: neither stops the clock."""
    from monitoring.models import Reminder

    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    involve(django_capture_on_commit_callbacks, play, "politie")
    account = play.space.account
    today = timezone.localdate()
    for days_ago in (0, 1, 2):  # one a day: moving one day back lands each on the date of the one before
        Reminder.objects.create(case=play.case, kind="checkin_overdue", subject="checkin:1", recipient=account,
                                due_date=today - timedelta(days=days_ago))
    received = InformationItem.objects.get(case=play.case, content=next(
        p for p in play.scenario_data["parties"] if p["key"] == "politie")["information"][0]["content"]).received_on
    advance(django_capture_on_commit_callbacks, play, 1)
    assert sorted(Reminder.objects.filter(case=play.case).values_list("due_date", flat=True)) == [
        today - timedelta(days=n) for n in (3, 2, 1)]
    assert InformationItem.objects.filter(received_on=received - timedelta(days=1), case=play.case).exists()


def test_the_clock_goes_to_the_next_moment_and_refuses_nonsense(django_capture_on_commit_callbacks):
    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    assert simulation.days_to_next_moment(play) == 2  # the father calls two days into the intake
    with pytest.raises(simulation.NotAllowed):
        simulation.advance(practice_case=play, days=0, actor=play.space.account)
    with pytest.raises(simulation.NotAllowed):
        simulation.advance(practice_case=play, days=simulation.MAX_DAYS + 1, actor=play.space.account)


def test_the_escalation_comes_from_the_casusregisseur_fourteen_days_after_adoption(
        django_capture_on_commit_callbacks):
    from monitoring.models import Escalation
    from planning.models import Plan

    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    casusregisseur = simulation.simulated_partner(play, "wijkteam")
    # Straight to monitoring with an adopted plan (the stage rules are tested in their own apps).
    Plan.objects.create(case=play.case, casusregisseur=casusregisseur, adopted_at=timezone.now(), status="adopted")
    play.case.__class__.objects.filter(pk=play.case.pk).update(stage=CaseStage.MONITORING)
    play.case.refresh_from_db()
    advance(django_capture_on_commit_callbacks, play, 13)
    assert not Escalation.objects.filter(case=play.case).exists()
    advance(django_capture_on_commit_callbacks, play, 1)
    escalation = Escalation.objects.get(case=play.case)
    assert escalation.raised_by == casusregisseur
    assert fired(play).count("casusregisseur-schaalt-op") == 1


def test_a_closed_play_stands_still(django_capture_on_commit_callbacks):
    play = start(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=play.case, to=CaseStage.CLOSED, actor=play.space.account, reason="Klaar")
    with pytest.raises(simulation.NotAllowed):
        simulation.advance(practice_case=play, days=3, actor=play.space.account)


def test_the_next_moment_lands_on_the_day_of_the_overleg_before_nothing_else(django_capture_on_commit_callbacks):
    from planning.models import Meeting

    play = triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))
    advance(django_capture_on_commit_callbacks, play, 2)  # the father's call (intake + 2) has happened
    starts_at = timezone.localtime() + timedelta(days=5, hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.meeting_schedule(case=play.case, actor=play.space.account, kind=MeetingKind.PLAN,
                                                    starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    days, what = simulation.next_moment(play)
    assert days == (starts_at.date() - timezone.localdate()).days and what.startswith("overleg op ")
    advance(django_capture_on_commit_callbacks, play, days)
    assert timezone.localtime(Meeting.objects.get(pk=meeting.pk).starts_at).date() == timezone.localdate()
