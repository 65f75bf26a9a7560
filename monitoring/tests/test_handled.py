"""No dead ends in monitoring: notifications stop being new once what they announced was handled; a check-in
recorded already (back button, second tab) says so and shows what was recorded; the history shows per goal
and activity the status and note under the date recorded and the date planned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import reminders, services
from monitoring.models import Notification
from monitoring.tests.factories import CheckInFactory, monitoring_case
from planning.models import Activity, Scenario
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _unread(user, case):
    return Notification.objects.filter(recipient=user, case=case, read_at__isnull=True)


def test_an_escalation_notification_is_no_longer_new_once_the_escalation_is_resolved(client):
    case = monitoring_case()
    pr = case.procesregisseur
    escalation = services.escalation_raise(case=case, actor=case.plan.casusregisseur, reason="cooperation",
                                           explanation="Loopt vast", urgency="spoed")
    assert _unread(pr, case).filter(kind="escalation_raised").count() == 1
    client.force_login(pr)
    assert "Nieuw" in client.get(reverse("monitoring:notifications")).content.decode()
    services.escalation_resolve(escalation=escalation, actor=pr, outcome="otherwise", note="Gebeld met school")
    assert not _unread(pr, case).filter(kind="escalation_raised").exists()
    page = client.get(reverse("monitoring:notifications")).content.decode()
    assert ">Nieuw<" not in page


def test_the_notification_stays_new_while_another_escalation_of_the_case_is_open():
    case = monitoring_case()
    pr = case.procesregisseur
    first = services.escalation_raise(case=case, actor=case.plan.casusregisseur, reason="cooperation",
                                      explanation="Loopt vast", urgency="spoed")
    services.escalation_raise(case=case, actor=case.plan.casusregisseur, reason="safety",
                              explanation="Zorg", urgency="spoed")
    services.escalation_resolve(escalation=first, actor=pr, outcome="otherwise", note="Opgelost")
    assert _unread(pr, case).filter(kind="escalation_raised").count() == 2


def test_a_check_in_reminder_is_no_longer_new_once_the_check_in_is_recorded(client):
    case = monitoring_case()
    checkin = CheckInFactory(case=case, scheduled_on=timezone.localdate())
    other = CheckInFactory(case=case, scheduled_on=timezone.localdate())
    reminders.sweep()
    casusregisseur = case.plan.casusregisseur
    assert _unread(casusregisseur, case).filter(kind="checkin_due").count() == 2
    client.force_login(casusregisseur)
    client.post(reverse("monitoring:checkin_record", kwargs={"case_uuid": case.uuid, "checkin_id": checkin.pk}),
                {"cooperation": "good", "progress": "Gaat goed"})
    left = _unread(casusregisseur, case).filter(kind="checkin_due")
    assert [n.reminder.subject for n in left] == [f"checkin:{other.pk}"]


def test_the_back_button_after_recording_shows_what_was_recorded(client):
    case = monitoring_case()
    checkin = CheckInFactory(case=case)
    url = reverse("monitoring:checkin_record", kwargs={"case_uuid": case.uuid, "checkin_id": checkin.pk})
    client.force_login(case.plan.casusregisseur)
    client.post(url, {"cooperation": "strained", "progress": "School doet mee, GGZ nog niet."})
    back = client.get(url)
    html = back.content.decode()
    assert back.status_code == 200 and "Dit monitormoment is al vastgelegd" in html
    assert "School doet mee, GGZ nog niet." in html and 'data-testid="way-back"' in html
    again = client.post(url, {"cooperation": "good", "progress": "Dubbel"})
    assert again.status_code == 409
    checkin.refresh_from_db()
    assert checkin.progress == "School doet mee, GGZ nog niet."


def _overdue_activity_of(case, owner):
    scenario, _created = Scenario.objects.get_or_create(plan=case.plan, kind="A")
    return Activity.objects.create(scenario=scenario, what="Intake GGZ plannen", organisation=owner.organisation,
                                   responsible_user=owner, due_date=timezone.localdate() - timedelta(days=2))


def test_an_overdue_activity_notification_is_no_longer_new_once_its_owner_reports_it_done(client):
    from cases.permissions import sync_case_permissions

    case = monitoring_case()
    owner = UserFactory(region=case.region)
    activity = _overdue_activity_of(case, owner)
    sync_case_permissions(case)
    other = _overdue_activity_of(case, owner)
    reminders.sweep()
    assert _unread(owner, case).filter(kind="activity_overdue").count() == 2
    client.force_login(owner)
    client.post(reverse("planning:activity_progress", kwargs={"case_uuid": case.uuid, "activity_id": activity.pk}),
                {"status": "done", "note": "Intake is gepland en gehouden."})
    casusregisseur = case.plan.casusregisseur
    for user in (owner, casusregisseur):  # for everyone it reminded
        left = _unread(user, case).filter(kind="activity_overdue")
        assert [n.reminder.subject for n in left] == [f"activity:{other.pk}"], user


def test_an_overdue_activity_notification_is_handled_when_the_deadline_moves_not_when_it_stays_past():
    from planning import services as planning_services

    case = monitoring_case()
    owner = UserFactory(region=case.region)
    activity = _overdue_activity_of(case, owner)
    reminders.sweep()
    planning_services.activity_progress_report(activity=activity, actor=owner, status="in_progress",
                                               note="Wachtlijst, nog bezig")
    assert _unread(owner, case).filter(kind="activity_overdue").count() == 1  # still overdue
    Activity.objects.filter(pk=activity.pk).update(status="planned")
    activity.refresh_from_db()
    planning_services.activity_update(activity=activity, actor=case.procesregisseur,
                                      expected_version=activity.lock_version, scenario="A",
                                      due_date=timezone.localdate() + timedelta(days=14))
    assert not _unread(owner, case).filter(kind="activity_overdue").exists()


def test_a_follow_up_reminder_is_no_longer_new_once_the_follow_up_is_done(client):
    from planning.models import Contact

    case = monitoring_case()
    pr = case.procesregisseur
    contact = Contact.objects.create(case=case, happened_on=timezone.localdate(), with_whom="Mentor",
                                     about="Rooster", follow_up="Mentor belt terug",
                                     follow_up_on=timezone.localdate(), recorded_by=pr)
    reminders.sweep()
    assert _unread(pr, case).filter(reminder__subject=f"contact:{contact.pk}").count() == 1
    client.force_login(pr)
    client.post(reverse("planning:follow_up_done", kwargs={"case_uuid": case.uuid, "contact_id": contact.pk}))
    assert not _unread(pr, case).filter(reminder__subject=f"contact:{contact.pk}").exists()
