"""Issue 16: what the national-scale benchmark found, pinned as behaviour.

- `Case.objects.visible_to` returns exactly guardian's rows (it is now one `pk IN (… UNION …)`).
- Every page the benchmark measures issues the same number of queries whatever the data size: each
  page is requested, the data grows (more cases, escalations, timeline, notifications, plan
  versions), and the page is requested again.
- After retention, a case with two adopted plan versions still shows its case and plan pages.

No timing assertions: `make bench` measures time (see README "Benchmark").
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from cases.constants import CaseStage
from cases.models import Case, CaseEvent
from cases.permissions import sync_case_permissions
from cases.tests.factories import CaseFactory
from monitoring.models import CheckIn, Escalation, Reminder
from monitoring.tests.factories import monitoring_case
from notifications.models import Notification
from planning.models import PlanVersion
from planning.tests.factories import PlanFactory
from planning.versioning import plan_snapshot
from privacy.retention import anonymise_case
from zvh.tests.factories import UserFactory

PERMS = ["view_case", "view_referral", "triage_case", "record_progress", "manage_plan", "view_shared",
         "handle_subject_rights"]


def test_visible_to_returns_exactly_the_cases_guardian_grants(world):
    """User rows, team (group) rows, both, and neither: the union equals guardian's own answer."""
    for user in world.users.values():
        for perm in PERMS:
            expected = set(get_objects_for_user(user, f"cases.{perm}", klass=Case, with_superuser=False,
                                                accept_global_perms=False).values_list("pk", flat=True))
            got = set(Case.objects.visible_to(user, perm).values_list("pk", flat=True))
            assert got == expected, (user.username, perm)
    # The team's triage right comes only through the group; a procesregisseur sees the aanmelding.
    assert world.cases["aanmelding"] in Case.objects.visible_to(world.users["procesregisseur"], "triage_case")
    assert not Case.objects.visible_to(world.users["other_region"], "triage_case").filter(
        pk=world.cases["aanmelding"].pk).exists()


# -- the 500 after retention ------------------------------------------------------------------------

def _two_versions_then_anonymised(procesregisseur):
    case = CaseFactory(region=procesregisseur.region, plan=True, procesregisseur=procesregisseur)
    plan = PlanFactory(case=case, adopted=True)
    plan.version = 2
    plan.information_agreements = "Elke week bellen."
    plan.save()
    PlanVersion.objects.create(plan=plan, number=2, snapshot=plan_snapshot(plan), adopted_by=procesregisseur)
    Case.objects.filter(pk=case.pk).update(stage=CaseStage.CLOSED, closed_at=timezone.now() - timedelta(days=900))
    case.refresh_from_db()
    anonymise_case(case)
    sync_case_permissions(case)
    return case


@pytest.mark.django_db
def test_case_and_plan_pages_of_an_anonymised_case_with_two_adopted_versions(client, procesregisseur):
    case = _two_versions_then_anonymised(procesregisseur)
    assert list(PlanVersion.objects.filter(plan__case=case).values_list("snapshot", flat=True)) == [{}, {}]
    client.force_login(procesregisseur)
    case_page = client.get(reverse("cases:case_detail", args=[case.uuid]))
    assert case_page.status_code == 200
    plan_page = client.get(reverse("planning:plan_detail", args=[case.uuid]))
    assert plan_page.status_code == 200
    # Nothing of the blanked content comes back as a "change".
    assert "Elke week bellen." not in plan_page.content.decode()


# -- query counts independent of the data size ---------------------------------------------------------

class Scene:
    """A procesregisseur with cases in monitoring (plan adopted, check-ins, acknowledged escalations,
    a long timeline, notifications) that grows on demand; a casusregisseur; a manager; a coordinator."""

    def __init__(self):
        from zvh.tests.factories import RegionFactory

        self.region = RegionFactory()
        self.pr = UserFactory(procesregisseur=True, region=self.region)
        self.casusregisseur = UserFactory(region=self.region)
        self.manager = UserFactory(manager=True, region=self.region)
        self.beheerder = UserFactory(region=self.region, function="beheerder")
        self.coordinator = UserFactory(region=None, organisation=None, function="landelijk")
        self.case = None
        self.grow()

    def grow(self, n=1):
        """n more cases of every kind, and more of everything on the first case."""
        for _ in range(n):
            case = CaseFactory(region=self.region, monitoring=True, procesregisseur=self.pr)
            plan = PlanFactory(case=case, adopted=True)
            plan.casusregisseur = self.casusregisseur
            plan.save()
            sync_case_permissions(case)
            CaseFactory(region=self.region)  # an aanmelding for the team's triage
            CaseFactory(region=self.region, closed=True, procesregisseur=self.pr)
            self.case = self.case or case
            Notification.objects.create(recipient=self.pr, case=case, kind="general", title="Bericht")
            Notification.objects.create(recipient=self.casusregisseur, case=case, kind="general", title="Bericht")
        case, now = self.case, timezone.now()
        plan = case.plan
        PlanVersion.objects.create(plan=plan, number=plan.versions.count() + 1, snapshot=plan_snapshot(plan),
                                   adopted_by=self.pr)
        colleague = UserFactory(procesregisseur=True, region=self.region)
        for _ in range(n):
            Escalation.objects.create(case=case, raised_by=self.casusregisseur, reason="cooperation",
                                      explanation="Loopt vast.", acknowledged_at=now, acknowledged_by=colleague,
                                      resolved_at=now, resolved_by=colleague, outcome="overleg")
            CheckIn.objects.create(case=case, scheduled_on=now.date(), assignee=self.casusregisseur, done_at=now,
                                   done_by=self.casusregisseur, cooperation="good")
        CaseEvent.objects.bulk_create([CaseEvent(case=case, kind="checkin_done", actor=colleague)
                                       for _ in range(20 * n)])

    def pages(self):
        case = self.case.uuid
        return {
            "home": (self.pr, reverse("home")),
            "my_cases": (self.pr, reverse("cases:my_cases")),
            "search": (self.pr, reverse("cases:my_cases") + f"?q={self.case.reference}"),
            "triage": (self.pr, reverse("cases:triage_list")),
            "region_list": (self.pr, reverse("cases:region_list")),
            "case": (self.pr, reverse("cases:case_detail", args=[case])),
            "plan": (self.pr, reverse("planning:plan_detail", args=[case])),
            "notifications": (self.pr, reverse("monitoring:notifications")),
            "casusregie": (self.casusregisseur, reverse("monitoring:casusregie")),
            "casusregisseur_home": (self.casusregisseur, reverse("home")),
            "region_dashboard": (self.manager, reverse("dashboards:region")),
            "national_dashboard": (self.coordinator, reverse("dashboards:national")),
            "user_log": (self.beheerder, reverse("privacy:user_access_log", args=[self.pr.pk])),
        }


# Each page's queries, pinned (issue 16): the same with 1 case and with 5 of everything; a change
# here is a change in what the page costs. Counted per request: session, user (with region and
# organisation), the page's own reads, the navigation (one query) and the access-log row.
# The start pages grew with the day's work (issue 14: the agenda's meetings, due check-ins, overdue
# activities and follow-ups, each one query whatever their number; the agenda reads the user's case
# ids for its three permissions in one query); search by name adds the
# readable-case ids and the match reasons; the case page the youth's voice and the other tables (15).
MAX_QUERIES = {
    "home": 16, "my_cases": 9, "search": 11, "triage": 5, "region_list": 9, "case": 29, "plan": 15,
    "notifications": 5, "casusregie": 8, "casusregisseur_home": 11, "region_dashboard": 17,
    "national_dashboard": 17, "user_log": 7,
}


def _count(client, user, url) -> int:
    client.force_login(user)
    assert client.get(url).status_code == 200  # warm: content types, permissions, sessions
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def scene(db, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    return Scene()


@pytest.mark.parametrize("page", sorted(MAX_QUERIES))
def test_page_queries_do_not_grow_with_the_data(client, scene, page, django_assert_max_num_queries):
    user, url = scene.pages()[page]
    small = _count(client, user, url)
    scene.grow(4)
    big = _count(client, user, url)
    assert big == small, f"{page}: {small} queries with little data, {big} with more"
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_case_page_shows_a_page_of_the_timeline_and_links_to_older_events(client, scene):
    scene.grow(2)  # 60 events and more: two pages
    client.force_login(scene.pr)
    url = reverse("cases:case_detail", args=[scene.case.uuid])
    html = client.get(url).content.decode()
    assert html.count("Monitormoment vastgelegd") == 30
    assert "?tijdlijn=2#h-timeline" in html and "Oudere gebeurtenissen" in html
    older = client.get(url + "?tijdlijn=2").content.decode()
    assert "Nieuwere gebeurtenissen" in older and "?tijdlijn=1#h-timeline" in older
    assert client.get(url + "?tijdlijn=abc").status_code == 200


# -- the reminder sweep with a backlog ------------------------------------------------------------------

def _backlog(n):
    from monitoring.tests.factories import CheckInFactory

    case = monitoring_case()
    for _ in range(n):
        CheckInFactory(case=case, scheduled_on=timezone.localdate())
    return case


@pytest.mark.django_db
def test_a_backlog_of_due_reminders_is_given_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    from monitoring import reminders
    from notifications.models import OutboxMessage

    _backlog(3)
    with CaptureQueriesContext(connection) as small:
        assert reminders.sweep() == 3
    _backlog(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert reminders.sweep() == 40
    # Each reminder has its notification, and each notification its e-mail in the outbox.
    assert Reminder.objects.filter(notification__isnull=True).count() == 0
    assert OutboxMessage.objects.filter(ref__startswith="notification:").count() == 43
    assert reminders.sweep() == 0


@pytest.mark.django_db
def test_a_reminder_given_by_another_sweep_meanwhile_is_skipped_not_doubled(monkeypatch):
    """Two sweeps racing: the other one inserted a reminder after this one looked. The batch insert
    fails on reminder_once; the sweep then gives the others one by one and skips that one."""
    from monitoring import reminders

    case = _backlog(3)
    assert reminders.sweep() == 3
    Reminder.objects.filter(pk=Reminder.objects.order_by("pk").first().pk).delete()
    Notification.objects.filter(reminder__isnull=True).delete()
    real_filter = Reminder.objects.filter
    # This sweep does not see the existing reminders (as if it looked before the other sweep wrote them).
    monkeypatch.setattr(reminders.Reminder.objects, "filter",
                        lambda *a, **kw: Reminder.objects.none() if "subject__in" in kw else real_filter(*a, **kw))
    assert reminders.sweep() == 1
    assert Reminder.objects.filter(case=case).count() == 3
    assert Notification.objects.filter(case=case).count() == 3


# -- dashboards: a new period recomputes only what depends on it; the national tables render once -------

@pytest.mark.django_db
def test_a_new_period_recomputes_only_the_figures_that_depend_on_it(settings, django_assert_num_queries):
    from datetime import date

    from dashboards.figures import FIGURES, PERIOD_FREE, Filters, cached_compute
    from zvh.tests.factories import RegionFactory

    settings.DASHBOARD_CACHE_SECONDS = 300
    region = RegionFactory()
    CaseFactory(region=region, intake=True)
    first = cached_compute([region.pk], Filters(date(2026, 1, 1), date(2026, 6, 30)))
    with django_assert_num_queries(len(FIGURES) - len(PERIOD_FREE)):
        other = cached_compute([region.pk], Filters(date(2025, 1, 1), date(2025, 6, 30)))
    assert other["open"] == first["open"]
    with django_assert_num_queries(len(FIGURES)):  # another urgency: everything anew
        cached_compute([region.pk], Filters(date(2025, 1, 1), date(2025, 6, 30), urgency="spoed"))


@pytest.mark.django_db
def test_the_national_tables_are_rendered_once_per_set_of_figures(client, settings, monkeypatch):
    from dashboards import views

    settings.DASHBOARD_CACHE_SECONDS = 300
    coordinator = UserFactory(region=None, organisation=None, function="landelijk")
    CaseFactory(intake=True)
    renders = []
    real = views.national_tables
    monkeypatch.setattr(views, "national_tables", lambda *a, **kw: renders.append(1) or real(*a, **kw))
    client.force_login(coordinator)
    url = reverse("dashboards:national")
    first = client.get(url).content.decode()
    second = client.get(url).content.decode()
    assert len(renders) == 1
    assert 'data-testid="figure-' in first and first.count('data-testid="figure-') == second.count(
        'data-testid="figure-')
    client.get(url + "?van=2025-01-01&tot=2025-06-30")
    assert len(renders) == 2
