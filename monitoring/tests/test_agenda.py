"""The agenda, the personal calendar feed and the home page per function."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cases.tests.factories import CaseFactory, PersonFactory
from monitoring.agenda import agenda_for
from monitoring.models import CalendarFeed, CheckIn
from monitoring.tests.factories import CheckInFactory, monitoring_case
from planning.models import Activity, Scenario
from planning.tests.factories import MeetingFactory, MeetingInviteeFactory
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _tomorrow_meeting(case, **kwargs):
    start = timezone.now() + timedelta(days=1)
    return MeetingFactory(case=case, starts_at=start, ends_at=start + timedelta(hours=1), **kwargs)


def _overdue_activity(case, **kwargs):
    scenario, _created = Scenario.objects.get_or_create(plan=case.plan, kind="A")
    return Activity.objects.create(scenario=scenario, what="Intake GGZ plannen", due_date=timezone.localdate()
                                   - timedelta(days=3), organisation=case.plan.casusregisseur.organisation, **kwargs)


def test_the_procesregisseurs_agenda_has_meetings_check_ins_and_deadlines():
    case = monitoring_case()
    pr = case.procesregisseur
    meeting = _tomorrow_meeting(case)
    checkin = CheckInFactory(case=case, scheduled_on=timezone.localdate())
    _overdue_activity(case)
    CheckInFactory(case=case, scheduled_on=timezone.localdate() + timedelta(days=60))  # beyond four weeks
    MeetingFactory(case=CaseFactory(region=case.region, overleg=True))  # a colleague's case
    items = agenda_for(pr)
    assert [(i.kind, i.case) for i in items] == [("activity", case), ("checkin", case), ("meeting", case)]
    assert items[0].overdue and not items[1].overdue
    assert items[2].starts_at == meeting.starts_at and checkin.pk in {int(items[1].url.split("/")[-3])}


def _busy_agenda(case, *, checkins=8, meetings=4, activities=4):
    """Meetings, check-ins and deadlines spread over the days, several on the same day, some overdue."""
    today = timezone.localdate()
    for i in range(checkins):
        CheckInFactory(case=case, scheduled_on=today + timedelta(days=i % 4 - 1))
    for i in range(meetings):
        start = timezone.now() + timedelta(days=i % 3, hours=1 + i)
        MeetingFactory(case=case, starts_at=start, ends_at=start + timedelta(hours=1))
    for i in range(activities):
        activity = _overdue_activity(case)
        Activity.objects.filter(pk=activity.pk).update(due_date=today + timedelta(days=i % 3 - 1))


def test_a_limited_agenda_is_the_first_rows_of_the_whole_agenda():
    case = monitoring_case()
    _busy_agenda(case)
    whole = agenda_for(case.procesregisseur, weeks=1)
    assert len(whole) == 16 and {i.kind for i in whole[:5]} >= {"checkin", "activity"}
    for limit in (1, 5, 9, 16, 40):
        assert agenda_for(case.procesregisseur, weeks=1, limit=limit) == whole[:limit]


def test_the_start_page_shows_the_first_agenda_rows_and_points_to_the_rest(client):
    case = monitoring_case()
    _busy_agenda(case, checkins=12, meetings=3, activities=2)
    client.force_login(case.procesregisseur)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert html.count('data-testid="agenda-item"') == 15
    assert 'data-testid="agenda-more"' in html and "Hier staan de eerste 15; de rest staat in de" in html
    assert len(client.get(reverse("monitoring:agenda")).context["items"]) == 17
    for checkin in CheckIn.objects.filter(case=case).order_by("-pk")[:2]:
        checkin.delete()
    html = client.get(reverse("home")).content.decode()
    assert html.count('data-testid="agenda-item"') == 15 and 'data-testid="agenda-more"' not in html


def test_a_partner_sees_what_they_do_and_where_they_are_invited_not_the_rest():
    case = monitoring_case()
    casusregisseur = case.plan.casusregisseur
    partner = UserFactory(region=case.region)
    own = CheckInFactory(case=case, assignee=casusregisseur)
    meeting = _tomorrow_meeting(case)
    MeetingInviteeFactory(meeting=meeting, user=partner)
    _overdue_activity(case, responsible_user=casusregisseur)
    kinds = {(i.kind, i.label) for i in agenda_for(casusregisseur)}
    assert ("checkin", own.get_kind_display()) in kinds and ("activity", "Deadline activiteit") in kinds
    partner_items = agenda_for(partner)
    assert [i.kind for i in partner_items] == ["meeting"]
    assert partner_items[0].url == reverse("planning:shared", kwargs={"case_uuid": case.uuid})


def test_the_calendar_feed_is_secret_revocable_and_has_no_personal_data(client):
    case = monitoring_case()
    PersonFactory(case=case, first_name="Lotte", last_name="Verbeek")
    pr = case.procesregisseur
    _tomorrow_meeting(case, location="Jeugdzorg, kamer 3")
    CheckInFactory(case=case)
    client.force_login(pr)
    response = client.post(reverse("monitoring:agenda_feed_renew"), follow=True)
    url = response.context["feed_url"]
    assert url and CalendarFeed.objects.get(user=pr).token_hash not in url  # only the hash is stored
    assert "feed_url" not in client.get(reverse("monitoring:agenda")).context or \
        client.get(reverse("monitoring:agenda")).context["feed_url"] is None  # shown once
    client.logout()
    feed = client.get(url)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    for personal in ("Lotte", "Verbeek", "Jeugdzorg", pr.first_name, pr.last_name):
        assert personal not in body
    summaries = {str(event["summary"]) for event in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert summaries == {f"Plan-overleg {case.reference}", f"Telefoonronde {case.reference}"}
    client.force_login(pr)
    client.post(reverse("monitoring:agenda_feed_revoke"))
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring:agenda_feed", kwargs={"token": "geraden"})).status_code == 404


def test_a_new_feed_address_replaces_the_old_one(client):
    pr = UserFactory(procesregisseur=True)
    client.force_login(pr)
    first = client.post(reverse("monitoring:agenda_feed_renew"), follow=True).context["feed_url"]
    second = client.post(reverse("monitoring:agenda_feed_renew"), follow=True).context["feed_url"]
    client.logout()
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200


def test_the_meeting_ics_is_downloadable_from_the_meeting_page(client):
    case = monitoring_case()
    meeting = _tomorrow_meeting(case)
    client.force_login(case.procesregisseur)
    page = client.get(reverse("planning:meeting_detail", kwargs={"case_uuid": case.uuid, "meeting_id": meeting.pk}))
    ics_url = reverse("planning:meeting_ics", kwargs={"case_uuid": case.uuid, "meeting_id": meeting.pk})
    assert ics_url in page.content.decode()
    assert client.get(ics_url)["Content-Type"].startswith("text/calendar")


# -- home per function --------------------------------------------------------------------------


def test_procesregisseur_home_has_the_caseload_rows_and_this_weeks_agenda(client):
    case = monitoring_case()
    PersonFactory(case=case, role="jeugdige", first_name="Lotte", last_name="Verbeek")
    _tomorrow_meeting(case)
    client.force_login(case.procesregisseur)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-agenda"' in html and "Plan-overleg" in html
    assert "Lotte Verbeek" in html and "in fase" in html


def test_casusregisseur_home_says_what_is_expected(client):
    case = monitoring_case()
    CheckInFactory(case=case, scheduled_on=timezone.localdate())
    _overdue_activity(case, responsible_user=case.plan.casusregisseur)
    client.force_login(case.plan.casusregisseur)
    html = client.get(reverse("home")).content.decode()
    assert "Wat er van u verwacht wordt" in html
    assert f"Telefoonronde</a></td>\n      <td>{case.reference}" in html
    assert "Deadline activiteit" in html and "te laat" in html


def test_managers_home_shows_the_regions_figures_suppressed_and_the_links(client):
    manager = UserFactory(manager=True)
    for _i in range(6):
        CaseFactory(region=manager.region, intake=True)
    for _i in range(2):
        PersonFactory(case=CaseFactory(region=manager.region, overleg=True), first_name="Lotte")
    CaseFactory(overleg=True)  # another region
    client.force_login(manager)
    response = client.get(reverse("home"))
    figures = dict(response.context["stage_counts"])
    assert figures["Intake"] == "5" and figures["Overleg"] == "<5" and figures["Monitoring"] == "0"
    html = response.content.decode()
    assert 'data-testid="home-manager"' in html
    for url in (reverse("dashboards:region"), reverse("cases:stand_ins"), reverse("closeout:lessons")):
        assert f'href="{url}"' in html
    assert "Lotte" not in html and "ZVH-" not in html


def test_coordinators_home_shows_national_figures_suppressed(client):
    for _i in range(6):
        CaseFactory(intake=True)
    CaseFactory(overleg=True)
    coordinator = UserFactory(region=None, organisation=None, function="landelijk")
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    figures = dict(response.context["national_stage_counts"])
    assert figures["Intake"] == "5" and figures["Overleg"] == "<5"
    assert reverse("dashboards:national") in response.content.decode()
