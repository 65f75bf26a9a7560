"""Practice data never meet real data: not in a real list, search, dashboard figure, reminder to a
real person, e-mail, export, access log, retention, known-person check, lesson library or admin list."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStage, PersonRole
from cases.known_persons import known_person_check
from cases.models import Case
from cases.tests.factories import CaseFactory, PersonFactory
from closeout.lessons import LessonRefused, lesson_submit
from monitoring import reminders
from monitoring.models import CheckIn
from notifications.models import Notification, OutboxMessage
from planning import meeting_services
from planning.constants import MeetingKind
from planning.models import MeetingInvitee, Plan
from practice import simulation
from practice.constants import SESSION_KEY
from practice.tests.helpers import next_week, start, trainee, triaged
from privacy.models import AccessLog
from privacy.retention import due_for_anonymisation
from zvh.models import User
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def play(django_capture_on_commit_callbacks):
    return triaged(django_capture_on_commit_callbacks, start(django_capture_on_commit_callbacks))


def _youth(play):
    return play.case.persons.get(role=PersonRole.JEUGDIGE)


def test_no_real_list_or_search_shows_a_practice_case(client, play):
    real_trainee = play.space.trainee
    colleague = UserFactory(procesregisseur=True, region=real_trainee.region)
    youth = _youth(play)
    for user in (real_trainee, colleague):
        client.force_login(user)
        for name in ("cases:my_cases", "cases:region_list", "cases:triage_list"):
            for query in ({}, {"q": youth.last_name}, {"q": play.case.reference}):
                html = client.get(reverse(name), query).content.decode()
                # The page repeats the search term (in the field and links): what is left must not name the case.
                for term in query.values():
                    html = html.replace(term, "").replace(quote(term), "")
                assert play.case.reference not in html and youth.last_name not in html, (user, name, query)
        # Out of practice mode the trainee's own account has no access to the practice case at all.
        assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": play.case.uuid})).status_code == 404


def test_national_figures_and_exports_leave_practice_spaces_out(client, play):
    real = CaseFactory(intake=True)
    coordinator = UserFactory(region=None, organisation=None, function="landelijk")
    client.force_login(coordinator)
    html = client.get(reverse("dashboards:national")).content.decode()
    assert real.region.name in html and play.space.region.name not in html
    csv = client.get(reverse("dashboards:national_export"), {"tabel": "open-n"}).content.decode()
    assert real.region.name in csv and play.space.region.name not in csv
    # A practice space is no region one can ask the regional dashboard for.
    response = client.get(reverse("dashboards:region"), {"regio": play.space.region.code})
    assert response.status_code == 404


def test_the_reminder_sweep_reminds_nobody_real_and_mails_nothing(play):
    casusregisseur = simulation.simulated_partner(play, "wijkteam")
    Plan.objects.create(case=play.case, casusregisseur=casusregisseur, adopted_at=timezone.now(), status="adopted")
    Case.objects.filter(pk=play.case.pk).update(stage=CaseStage.MONITORING,
                                                last_activity_at=timezone.now() - timedelta(days=90))
    CheckIn.objects.create(case=play.case, scheduled_on=timezone.localdate() - timedelta(days=3),
                           assignee=casusregisseur)
    before = Notification.objects.count()
    reminders.sweep()
    new = Notification.objects.filter(pk__gt=0).order_by("-pk")[: Notification.objects.count() - before]
    assert new, "the sweep saw the practice case (reminders to the practice space are part of the play)"
    assert {n.recipient.region_id for n in new} == {play.space.region_id}
    assert not OutboxMessage.objects.exists()


def test_an_invitation_from_a_practice_case_never_leaves_as_email(django_capture_on_commit_callbacks, play):
    starts_at, ends_at = next_week()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_schedule(case=play.case, actor=play.space.account, kind=MeetingKind.PLAN,
                                          starts_at=starts_at, ends_at=ends_at, location="ZVH",
                                          invitees=[{"name": "Echte Persoon", "email": "echt@example.nl"}])
    assert not OutboxMessage.objects.exists()
    # For the play it counts as invited.
    assert MeetingInvitee.objects.get(meeting__case=play.case).invited_at is not None


def test_working_in_the_practice_space_writes_no_access_log(client, play):
    client.force_login(play.space.trainee)
    session = client.session
    session[SESSION_KEY] = play.space_id
    session.save()
    before = AccessLog.objects.count()
    for name in ("cases:case_detail", "cases:referral_detail", "privacy:case_privacy"):
        assert client.get(reverse(name, kwargs={"case_uuid": play.case.uuid})).status_code == 200, name
    assert client.get(reverse("cases:region_list")).status_code == 200
    assert AccessLog.objects.count() == before
    # A real user trying the practice case's address leaves no trace of it in the log either.
    client.force_login(UserFactory(procesregisseur=True))
    assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": play.case.uuid})).status_code == 404
    assert not AccessLog.objects.filter(case_reference=play.case.reference).exists()


def test_triage_of_a_practice_aanmelding_writes_no_access_log(client, django_capture_on_commit_callbacks):
    """The known-person check on the triage page logs a search for real cases; not for a practice one."""
    fresh = start(django_capture_on_commit_callbacks)
    client.force_login(fresh.space.trainee)
    session = client.session
    session[SESSION_KEY] = fresh.space_id
    session.save()
    response = client.get(reverse("cases:referral_detail", kwargs={"case_uuid": fresh.case.uuid}))
    assert response.status_code == 200 and b'data-testid="known-none"' in response.content
    assert not AccessLog.objects.exists()


def test_a_probe_of_a_real_case_from_practice_mode_is_logged_as_the_trainee(client, play):
    real = CaseFactory(intake=True)
    client.force_login(play.space.trainee)
    session = client.session
    session[SESSION_KEY] = play.space_id
    session.save()
    assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": real.uuid})).status_code == 404
    entry = AccessLog.objects.get(case_reference=real.reference)
    assert entry.username == play.space.trainee.username


def test_the_national_start_page_counts_no_practice_case(client, play):
    coordinator = UserFactory(region=None, organisation=None, function="landelijk")
    client.force_login(coordinator)
    counts = dict(client.get(reverse("home")).context["national_stage_counts"])
    assert counts["Intake"] == "0"  # the play is in intake; no real case is


def test_a_practice_account_gets_no_calendar_feed(client, play):
    from monitoring.models import CalendarFeed

    client.force_login(play.space.trainee)
    session = client.session
    session[SESSION_KEY] = play.space_id
    session.save()
    response = client.post(reverse("monitoring:agenda_feed_renew"), follow=True)
    assert "In de oefenomgeving is er geen agendakoppeling." in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_retention_leaves_practice_cases_to_the_space(play):
    long_ago = timezone.now() - timedelta(days=31 * 30)
    Case.objects.filter(pk=play.case.pk).update(stage=CaseStage.CLOSED, closed_at=long_ago)
    real = CaseFactory(intake=True)
    Case.objects.filter(pk=real.pk).update(stage=CaseStage.CLOSED, closed_at=long_ago)
    due = set(due_for_anonymisation().values_list("pk", flat=True))
    assert real.pk in due and play.case.pk not in due


def test_the_known_person_check_never_crosses_between_practice_and_real(django_capture_on_commit_callbacks):
    play = start(django_capture_on_commit_callbacks)  # still in triage
    youth = _youth(play)
    same = {"first_name": youth.first_name, "last_name": youth.last_name, "date_of_birth": youth.date_of_birth}
    real = CaseFactory(region=play.space.trainee.region)
    PersonFactory(case=real, **same)
    elsewhere = CaseFactory()  # the same person known for real in another region: that one is a hit
    PersonFactory(case=elsewhere, **same)
    team_member = UserFactory(procesregisseur=True, region=real.region)
    real_check = known_person_check(case=real, user=team_member)
    assert [hit.region for hit in real_check.hits] == [elsewhere.region]
    practice_check = known_person_check(case=play.case, user=play.space.account)
    assert practice_check is not None and practice_check.hits == []


def test_a_lesson_from_a_practice_case_stays_out_of_the_national_library(play):
    with pytest.raises(LessonRefused):
        lesson_submit(case=play.case, actor=play.space.account, title="Les", theme="samenwerking", text="Tekst")


def test_the_admin_lists_no_practice_case_or_account(client, play):
    superuser = UserFactory(region=None, organisation=None, function="beheerder", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    cases = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert play.case.reference not in cases
    users = client.get(reverse("admin:zvh_user_changelist")).content.decode()
    assert play.space.account.username not in users
    assert all(u.username not in users for u in User.objects.filter(region=play.space.region))
    assert play.space.trainee.username in users


def test_a_second_trainee_sees_nothing_of_the_first(client, play, django_capture_on_commit_callbacks):
    other = start(django_capture_on_commit_callbacks, user=trainee())
    client.force_login(other.space.trainee)
    session = client.session
    session[SESSION_KEY] = other.space_id
    session.save()
    assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": play.case.uuid})).status_code == 404
    html = client.get(reverse("cases:region_list")).content.decode()
    assert other.case.reference in html and play.case.reference not in html
