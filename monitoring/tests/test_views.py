from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStage
from monitoring.models import CheckIn, Escalation, MonitoringArrangement, Notification
from monitoring.tests.factories import CheckInFactory, EscalationFactory, monitoring_case

pytestmark = pytest.mark.django_db


def _url(name, case, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"case_uuid": case.uuid, **kwargs})


def test_casusregisseur_page_lists_cases_with_what_is_due(client):
    case = monitoring_case()
    CheckInFactory(case=case, scheduled_on=timezone.localdate())
    client.force_login(case.plan.casusregisseur)
    html = client.get(reverse("monitoring:casusregie")).content.decode()
    assert case.reference in html
    assert "Voortgang vastleggen" in html and "Opschalen" in html
    assert "Mijn casusregie" in client.get(reverse("home")).content.decode()


def test_casusregisseur_records_progress_and_the_rhythm_plans_the_next(client):
    case = monitoring_case()
    MonitoringArrangement.objects.create(case=case, frequency_days=14)
    checkin = CheckInFactory(case=case)
    client.force_login(case.plan.casusregisseur)
    response = client.post(_url("checkin_record", case, checkin_id=checkin.pk), {
        "cooperation": "strained", "progress": "School doet mee, GGZ nog niet."})
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.is_done and checkin.cooperation == "strained"
    nxt = CheckIn.objects.get(case=case, done_at__isnull=True)
    assert nxt.scheduled_on == timezone.localdate() + timedelta(days=14)
    case.refresh_from_db()
    assert case.last_activity_at >= checkin.done_at


def test_progress_per_goal_and_activity_is_recorded_and_the_history_shows_it_with_both_dates(client):
    from planning.models import Activity, Goal, Scenario

    case = monitoring_case()
    goal = Goal.objects.create(plan=case.plan, text="Noah gaat weer naar school")
    scenario = Scenario.objects.create(plan=case.plan, kind="A")
    activity = Activity.objects.create(scenario=scenario, what="Intake GGZ",
                                       organisation=case.plan.casusregisseur.organisation)
    planned = timezone.localdate() - timedelta(days=5)
    checkin = CheckInFactory(case=case, scheduled_on=planned)
    client.force_login(case.plan.casusregisseur)
    client.post(_url("checkin_record", case, checkin_id=checkin.pk), {
        "cooperation": "good", "progress": "Goed", f"goal_{goal.pk}": "on_track",
        f"activity_{activity.pk}": "behind", f"activity_{activity.pk}_note": "wachtlijst"})
    notes = {(n.goal_id, n.activity_id, n.status, n.note) for n in checkin.notes.all()}
    assert notes == {(goal.pk, None, "on_track", ""), (None, activity.pk, "behind", "wachtlijst")}
    # The history names the goal and activity, under the date recorded and the date planned.
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert f"Vastgelegd op {timezone.localdate():%d-%m-%Y}" in html and f"gepland op {planned:%d-%m-%Y}" in html
    assert "Doel: Noah gaat weer naar school" in html and "Op koers" in html
    assert "Activiteit: Intake GGZ" in html and "Loopt achter" in html and "wachtlijst" in html


def test_checkin_before_plan_adoption_is_refused_in_dutch(client):
    case = monitoring_case(adopted_days_ago=3)
    client.force_login(case.procesregisseur)
    too_early = (timezone.localdate() - timedelta(days=10)).isoformat()
    response = client.post(_url("checkin_add", case), {"scheduled_on": too_early, "kind": "phone_round"})
    assert "kan niet vóór de vaststelling van het plan" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_monitoring_not_needed_needs_a_reason(client):
    case = monitoring_case()
    client.force_login(case.procesregisseur)
    response = client.post(_url("arrangement", case), {"not_needed": "on", "not_needed_reason": ""})
    assert "Leg vast waarom monitoren niet nodig is." in response.content.decode()
    client.post(_url("arrangement", case), {"not_needed": "on", "not_needed_reason": "Hulp loopt, gezin regisseert"})
    assert MonitoringArrangement.objects.get(case=case).not_needed


def test_escalation_without_reason_is_refused_and_keeps_the_input(client):
    case = monitoring_case()
    client.force_login(case.plan.casusregisseur)
    response = client.post(_url("escalate", case), {"reason": "cooperation", "explanation": "  ",
                                                    "urgency": "spoed"})
    html = response.content.decode()
    assert "Geef aan wat er vastloopt." in html
    assert 'value="spoed" selected' in html
    assert not Escalation.objects.exists()


def test_escalation_notifies_the_procesregisseur_at_once(client, django_capture_on_commit_callbacks):
    case = monitoring_case()
    client.force_login(case.plan.casusregisseur)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(_url("escalate", case), {"reason": "execution", "explanation": "Plan stokt", "urgency": "spoed"})
    note = Notification.objects.get(recipient=case.procesregisseur)
    assert note.kind == "escalation_raised" and case.reference in note.title
    assert len(callbacks) == 1  # the e-mail delivery is enqueued after commit
    client.force_login(case.procesregisseur)
    assert 'data-testid="unread-count">1' in client.get(reverse("home")).content.decode()


def test_procesregisseur_acknowledges_and_convenes_the_overleg(client):
    escalation = EscalationFactory(raised_at=timezone.now() - timedelta(hours=3))
    case = escalation.case
    client.force_login(case.procesregisseur)
    client.post(_url("escalation_acknowledge", case, escalation_id=escalation.pk))
    escalation.refresh_from_db()
    assert escalation.time_to_acknowledge >= timedelta(hours=3)
    response = client.post(_url("escalation_resolve", case, escalation_id=escalation.pk),
                           {"outcome": "overleg", "note": "Partijen opnieuw om tafel"})
    assert response["Location"].endswith("?kind=opschalingsoverleg")
    case.refresh_from_db()
    escalation.refresh_from_db()
    assert case.stage == CaseStage.OVERLEG
    assert escalation.time_to_resolve is not None and escalation.outcome == "overleg"
    assert Notification.objects.filter(recipient=escalation.raised_by, kind="general").exists()


def test_resolve_without_note_is_refused(client):
    escalation = EscalationFactory()
    client.force_login(escalation.case.procesregisseur)
    response = client.post(_url("escalation_resolve", escalation.case, escalation_id=escalation.pk),
                           {"outcome": "otherwise", "note": ""})
    assert "Leg vast hoe de opschaling is afgehandeld." in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.resolved_at is None


def test_casusregisseur_cannot_acknowledge_or_resolve(client):
    escalation = EscalationFactory()
    client.force_login(escalation.case.plan.casusregisseur)
    assert client.post(_url("escalation_acknowledge", escalation.case, escalation_id=escalation.pk)).status_code == 404
    escalation.refresh_from_db()
    assert escalation.acknowledged_at is None


def test_notifications_are_listed_and_marked_read(client):
    escalation = EscalationFactory()
    case = escalation.case
    from monitoring.services import notify

    notify(recipient=case.procesregisseur, case=case, kind="general", title="Eerste")
    notify(recipient=case.procesregisseur, case=case, kind="general", title="Tweede")
    client.force_login(case.procesregisseur)
    html = client.get(reverse("monitoring:notifications")).content.decode()
    assert "Eerste" in html and "Tweede" in html
    first = Notification.objects.get(title="Eerste")
    client.post(reverse("monitoring:notifications_read"), {"id": first.pk})
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("title", flat=True)) == ["Tweede"]
    client.post(reverse("monitoring:notifications_read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_entering_monitoring_schedules_the_first_checkin_from_the_plan():
    from cases.services import case_transition

    case = monitoring_case()
    case.stage = CaseStage.PLAN
    case.save()
    case_transition(case=case, to=CaseStage.MONITORING, actor=case.procesregisseur)
    checkin = CheckIn.objects.get(case=case)
    assert checkin.scheduled_on == case.plan.first_checkin_on
    assert checkin.assignee == case.plan.casusregisseur


@pytest.mark.parametrize("size", [3, 60])
def test_casusregie_and_case_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    casusregisseur = monitoring_case().plan.casusregisseur
    for _ in range(size):
        case = monitoring_case(casusregisseur=casusregisseur)
        CheckInFactory(case=case)
        EscalationFactory(case=case)
    client.force_login(casusregisseur)
    # The shared case table: + the youths and what the user may read (one query each, not per row).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("monitoring:casusregie")).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).status_code == 200
