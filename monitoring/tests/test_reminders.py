"""Each reminder rule with frozen time; idempotency; e-mail with back-off; heartbeat."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from freezegun import freeze_time

from cases.models import Case
from monitoring import reminders, tasks
from monitoring.models import Notification, Reminder, SweepHeartbeat
from monitoring.tests.factories import CheckInFactory, EscalationFactory, monitoring_case
from zvh.constants import Function
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@freeze_time("2026-11-23 09:00:00+01:00")
def test_checkin_due_today_reminds_the_casusregisseur_once():
    checkin = CheckInFactory(scheduled_on=TODAY)
    casusregisseur = checkin.assignee
    assert reminders.sweep() == 1
    assert reminders.sweep() == 0
    assert _kinds(casusregisseur) == ["checkin_due"]
    assert _kinds(checkin.case.procesregisseur) == []
    note = Notification.objects.get()
    # The link opens the page where the casusregisseur records this check-in.
    assert checkin.case.reference in note.title
    assert note.url == f"/casussen/{checkin.case.uuid}/monitoring/{checkin.pk}/vastleggen/"


def test_checkin_in_the_future_reminds_nobody_until_its_day():
    with freeze_time("2026-11-20 09:00:00+01:00"):
        checkin = CheckInFactory(scheduled_on=TODAY)
        assert reminders.sweep() == 0
    with freeze_time("2026-11-23 07:00:00+01:00"):
        assert reminders.sweep() == 1
    assert _kinds(checkin.assignee) == ["checkin_due"]


def test_overdue_checkin_also_reminds_the_procesregisseur():
    with freeze_time("2026-11-23 09:00:00+01:00"):
        checkin = CheckInFactory(scheduled_on=TODAY)
        reminders.sweep()
    with freeze_time("2026-11-25 09:00:00+01:00"):
        assert reminders.sweep() == 1
    assert _kinds(checkin.case.procesregisseur) == ["checkin_overdue"]
    assert _kinds(checkin.assignee) == ["checkin_due"]


@freeze_time("2026-11-23 09:00:00+01:00")
def test_done_checkin_reminds_nobody():
    CheckInFactory(scheduled_on=TODAY - timedelta(days=5), done_at=timezone.now())
    assert reminders.sweep() == 0


@freeze_time("2026-11-23 09:00:00+01:00")
def test_passed_activity_deadline_reminds_owner_and_casusregisseur_once():
    from planning.models import Activity, Scenario

    case = monitoring_case()
    owner = UserFactory(region=case.region)
    a = Scenario.objects.create(plan=case.plan, kind="A")
    b = Scenario.objects.create(plan=case.plan, kind="B", trigger="Als school weigert")
    late = Activity.objects.create(scenario=a, what="Gesprek met school", organisation=owner.organisation,
                                   responsible_user=owner, due_date=TODAY - timedelta(days=1))
    Activity.objects.create(scenario=a, what="Klaar", organisation=owner.organisation, responsible_user=owner,
                            due_date=TODAY - timedelta(days=1), status="done")
    Activity.objects.create(scenario=b, what="Plan B, niet actief", organisation=owner.organisation,
                            responsible_user=owner, due_date=TODAY - timedelta(days=1))
    Activity.objects.create(scenario=a, what="Vandaag", organisation=owner.organisation, responsible_user=owner,
                            due_date=TODAY)
    assert reminders.sweep() == 2
    assert reminders.sweep() == 0
    assert _kinds(owner) == ["activity_overdue"]
    assert _kinds(case.plan.casusregisseur) == ["activity_overdue"]
    assert Reminder.objects.filter(subject=f"activity:{late.pk}").count() == 2


def test_unacknowledged_escalation_goes_to_procesregisseur_then_manager():
    with freeze_time("2026-11-23 09:00:00+01:00"):
        escalation = EscalationFactory(urgency="spoed")
        manager = UserFactory(manager=True, region=escalation.case.region)
        UserFactory(manager=True)  # another region's manager hears nothing
        assert reminders.sweep() == 0
    with freeze_time("2026-11-23 13:30:00+01:00"):
        assert reminders.sweep() == 1
        assert _kinds(escalation.case.procesregisseur) == ["escalation_unack"]
    with freeze_time("2026-11-23 17:30:00+01:00"):
        assert reminders.sweep() == 1
        assert _kinds(manager) == ["escalation_manager"]
        assert reminders.sweep() == 0


@freeze_time("2026-11-23 09:00:00+01:00")
def test_acknowledged_escalation_reminds_nobody():
    EscalationFactory(urgency="spoed", raised_at=timezone.now() - timedelta(days=2), acknowledged_at=timezone.now())
    assert reminders.sweep() == 0


def test_stagnation_is_told_once_per_period(settings):
    settings.CASE_STAGNATION_DAYS = 21
    with freeze_time("2026-11-23 09:00:00+01:00"):
        case = monitoring_case(last_activity_at=timezone.now() - timedelta(days=22))
        recent = monitoring_case(last_activity_at=timezone.now() - timedelta(days=5))
        assert reminders.sweep() == 1
        assert reminders.sweep() == 0
        assert _kinds(case.procesregisseur) == ["stagnating"]
        case.last_activity_at = timezone.now()
        case.save(update_fields=["last_activity_at"])
    with freeze_time("2026-12-15 09:00:00+01:00"):
        assert reminders.sweep() == 2  # the first case stagnates again, the second one now too
    assert _kinds(case.procesregisseur) == ["stagnating", "stagnating"]
    assert _kinds(recent.procesregisseur) == ["stagnating"]


@freeze_time("2026-11-25 09:00:00+01:00")
def test_running_every_scan_twice_sends_nothing_twice(mailoutbox):
    CheckInFactory(scheduled_on=TODAY - timedelta(days=3))
    EscalationFactory(raised_at=timezone.now() - timedelta(days=3))
    first = reminders.sweep()
    sent = reminders.deliver_pending_email()
    assert first >= 3 and sent == first
    assert reminders.sweep() == 0
    assert reminders.deliver_pending_email() == 0
    assert Notification.objects.count() == first == len(mailoutbox)


# E-mail delivery (retries, back-off, giving up) is tested in notifications/tests/test_outbox.py.


def test_heartbeat_records_each_sweep_and_tells_when_it_stopped():
    with freeze_time("2026-11-23 09:00:00+01:00"):
        assert reminders.sweep_is_stale()
        reminders.sweep()
        reminders.sweep()
        beat = SweepHeartbeat.objects.get(name="reminders")
        assert beat.runs == 2 and beat.last_finished_at is not None
        assert not reminders.sweep_is_stale()
    with freeze_time("2026-11-23 09:15:00+01:00"):
        assert reminders.sweep_is_stale()


def test_setup_periodic_tasks_is_idempotent_and_editable():
    call_command("setup_periodic_tasks", verbosity=0)
    call_command("setup_periodic_tasks", verbosity=0)
    task = PeriodicTask.objects.get(task="monitoring.tasks.sweep")
    assert task.interval.every == 60 and task.enabled
    task.enabled = False
    task.save()
    call_command("setup_periodic_tasks", verbosity=0)
    task.refresh_from_db()
    assert not task.enabled  # an edit in the admin is kept


def test_sweep_task_puts_the_mail_in_the_outbox_and_the_delivery_task_sends_it(mailoutbox):
    from monitoring.tasks import sweep
    from notifications.tasks import deliver_outbox

    with freeze_time("2026-11-23 09:00:00+01:00"):
        CheckInFactory(scheduled_on=TODAY)
        assert sweep() == 1
        assert mailoutbox == []  # the sweep itself never talks to the mail server
        assert deliver_outbox() == 1
    assert len(mailoutbox) == 1
    assert "persoonsgegevens" in mailoutbox[0].body


@freeze_time("2026-11-23 09:00:00+01:00")
def test_a_sweep_whose_time_is_spent_stops_after_a_full_batch_and_the_next_run_goes_on(monkeypatch):
    """A backlog is worked off in short runs: each stops after a batch once its time is spent, says
    whether work is left, and no one is reminded twice or skipped. The other scans still take their
    first batch in every run: the escalation is not kept waiting behind the check-ins."""
    monkeypatch.setattr(reminders, "BATCH", 2)
    checkins = [CheckInFactory(scheduled_on=TODAY) for _ in range(5)]
    escalation = EscalationFactory(raised_at=timezone.now() - timedelta(days=10))
    runs = [reminders.sweep_run(seconds=0)]
    assert Reminder.objects.filter(subject=f"escalation:{escalation.pk}",
                                   recipient=escalation.case.procesregisseur).exists()
    runs += [reminders.sweep_run(seconds=0) for _ in range(2)]
    assert [(run.created, run.complete) for run in runs] == [(3, False), (2, False), (1, True)]
    assert sorted(Reminder.objects.filter(kind="checkin_due").values_list("subject", flat=True)) == sorted(
        f"checkin:{c.pk}" for c in checkins)
    assert reminders.sweep_run(seconds=0) == reminders.SweepRun(created=0, complete=True)


@freeze_time("2026-11-23 09:00:00+01:00")
def test_rows_that_remind_nobody_neither_stop_a_run_nor_keep_the_sweep_going(monkeypatch):
    """Check-ins of a casusregisseur who left are claimed by every run and give no reminder. A run does
    not stop among them (it would make no progress, and run again for ever); it goes past them to the
    check-ins that do remind, and the runs end."""
    monkeypatch.setattr(reminders, "BATCH", 2)
    left = UserFactory(is_active=False)
    for _ in range(3):
        CheckInFactory(scheduled_on=TODAY - timedelta(days=1), assignee=left)
    reminding = [CheckInFactory(scheduled_on=TODAY) for _ in range(3)]
    runs = []
    while not (runs and runs[-1].complete):
        runs.append(reminders.sweep_run(seconds=0))
        assert len(runs) <= 10, "the sweep keeps running"
    assert [run.created for run in runs] == [1, 1, 1, 0]
    assert sorted(Reminder.objects.values_list("subject", flat=True)) == sorted(f"checkin:{c.pk}" for c in reminding)


@freeze_time("2026-11-23 09:00:00+01:00")
def test_the_sweep_task_runs_again_at_once_only_while_work_is_left(monkeypatch, settings):
    settings.REMINDER_SWEEP_SECONDS = 0
    monkeypatch.setattr(reminders, "BATCH", 2)
    queued = []
    monkeypatch.setattr(tasks.sweep, "apply_async", lambda **kwargs: queued.append(kwargs))
    for _ in range(3):
        CheckInFactory(scheduled_on=TODAY)
    assert tasks.sweep() == 2 and len(queued) == 1
    assert tasks.sweep() == 1 and len(queued) == 1  # done: no further run


@freeze_time("2026-11-23 09:00:00+01:00")
def test_a_broker_that_refuses_the_next_run_leaves_it_to_beat(monkeypatch, settings, caplog, broker_refuses):
    settings.REMINDER_SWEEP_SECONDS = 0
    monkeypatch.setattr(reminders, "BATCH", 1)
    broker_refuses(tasks.sweep)
    for _ in range(2):
        CheckInFactory(scheduled_on=TODAY)
    assert tasks.sweep() == 1  # the reminders of this run are committed all the same
    assert "Vervolg van monitoring.tasks.sweep niet in de wachtrij gezet" in caplog.text
    assert reminders.sweep() == 1  # beat's next run gives the rest


@freeze_time("2026-11-23 09:00:00+01:00")
def test_an_escalation_of_an_anonymised_case_reminds_nobody():
    escalation = EscalationFactory(raised_at=timezone.now() - timedelta(days=10))
    Case.objects.filter(pk=escalation.case_id).update(anonymised_at=timezone.now())
    UserFactory(region=escalation.case.region, function=Function.MANAGER)
    assert reminders.sweep() == 0
