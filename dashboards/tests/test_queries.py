"""The dashboards issue a fixed number of queries whatever the number of cases (10 and 2,000)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.constants import OPEN_STAGES, CaseStage, Urgency
from cases.models import Case, CaseStageChange
from closeout.models import CloseOut, Evaluation
from monitoring.models import CheckIn, Escalation
from planning.constants import MeetingStatus, PlanStatus
from planning.models import Meeting, Plan
from zvh.constants import Function
from zvh.small_cells import count_text
from zvh.tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

STAGES = list(CaseStage)  # aanmelding … closed
URGENCIES = list(Urgency)
MAX_QUERIES = 25  # measured: 20 with session, user, navigation and the filter form; 12 of them are figures


def build_region(region, n_cases: int, staff, offset: int = 0) -> None:
    """n_cases cases spread over every stage, with a full stage history and the monitoring, planning and
    close-out rows the figures read. bulk_create keeps 2,000 cases fast."""
    now = timezone.now()
    cases = Case.objects.bulk_create([
        Case(region=region, reference=f"Q-{region.code}-{offset + i}", year=2026, number=offset + i,
             stage=STAGES[i % len(STAGES)], urgency=URGENCIES[i % len(URGENCIES)], reason="-", referrer_goal="-",
             procesregisseur=staff[i % len(staff)],
             opened_at=now - timedelta(days=40 + i % 300), stage_entered_at=now - timedelta(days=i % 30),
             last_activity_at=now - timedelta(days=i % 40),
             closed_at=now - timedelta(days=i % 30) if STAGES[i % len(STAGES)] == CaseStage.CLOSED else None)
        for i in range(n_cases)
    ])
    changes, checkins, escalations, plans, meetings, close_outs, evaluations = [], [], [], [], [], [], []
    for i, case in enumerate(cases):
        position = STAGES.index(case.stage)
        for step in range(position):
            changes.append(CaseStageChange(case=case, from_stage=STAGES[step], to_stage=STAGES[step + 1],
                                           created_at=case.opened_at + timedelta(days=2 * step + i % 5 + 1)))
        if position >= STAGES.index(CaseStage.PLAN):
            when = case.opened_at + timedelta(days=5)
            meetings.append(Meeting(case=case, starts_at=when, ends_at=when + timedelta(hours=1),
                                    status=MeetingStatus.HELD, sc_all_parties=i % 2 == 0, sc_respect=i % 3 == 0))
        if position >= STAGES.index(CaseStage.MONITORING):
            plans.append(Plan(case=case, status=PlanStatus.ADOPTED, adopted_at=case.opened_at + timedelta(days=6),
                              switched_to_b_at=now if i % 4 == 0 else None))
            checkins.append(CheckIn(case=case, scheduled_on=timezone.localdate() - timedelta(days=i % 3)))
            raised = now - timedelta(days=i % 20)
            escalations.append(Escalation(case=case, reason="cooperation", explanation="-", raised_at=raised,
                                          acknowledged_at=raised + timedelta(hours=i % 7) if i % 2 else None))
        if position >= STAGES.index(CaseStage.AFSCHALEN):
            close_outs.append(CloseOut(case=case, care_organised=True, regie_handed_over=i % 2 == 0))
        if position >= STAGES.index(CaseStage.CLOSED):
            evaluations.append(Evaluation(case=case, skipped=i % 5 == 0))
    for model, rows in [(CaseStageChange, changes), (Meeting, meetings), (Plan, plans), (CheckIn, checkins),
                        (Escalation, escalations), (CloseOut, close_outs), (Evaluation, evaluations)]:
        model.objects.bulk_create(rows, batch_size=500)


@pytest.fixture
def setup():
    def _setup(n_cases):
        region, other = RegionFactory(code="QA"), RegionFactory(code="QB")
        staff = [UserFactory(procesregisseur=True, region=region) for _ in range(6)]
        build_region(region, n_cases, staff)
        build_region(other, n_cases // 2, [UserFactory(procesregisseur=True, region=other)])
        manager = UserFactory(manager=True, region=region)
        landelijk = UserFactory(region=None, organisation=None, function=Function.LANDELIJK)
        return region, staff, manager, landelijk
    return _setup


def _count(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("n_cases", [10, 2000])
def test_regional_dashboard_query_bound(client, setup, n_cases, django_assert_max_num_queries):
    region, staff, manager, _landelijk = setup(n_cases)
    client.force_login(manager)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("dashboards:region"))
    with django_assert_max_num_queries(MAX_QUERIES + 1):  # +1: the chosen procesregisseur is looked up
        client.get(reverse("dashboards:region"), {"urgentie": "spoed", "procesregisseur": staff[0].pk})
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("dashboards:region_export"), {"tabel": "signals"})

    open_total = dict(response.context["tables"][0].rows)["Totaal"][0].text
    assert open_total == count_text(sum(1 for i in range(n_cases) if STAGES[i % len(STAGES)] in OPEN_STAGES))


@pytest.mark.parametrize("n_cases", [10, 2000])
def test_national_dashboard_query_bound(client, setup, n_cases, django_assert_max_num_queries):
    _region, _staff, _manager, landelijk = setup(n_cases)
    client.force_login(landelijk)

    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("dashboards:national"))


def test_query_count_is_the_same_for_10_and_2000_cases(client, setup):
    region, _staff, manager, landelijk = setup(10)
    client.force_login(manager)
    client.get(reverse("home"))  # the first request after login also does session housekeeping
    small = _count(client, reverse("dashboards:region"))
    build_region(region, 2000, [UserFactory(procesregisseur=True, region=region)], offset=10)

    assert Case.objects.filter(region=region).count() == 2010
    assert _count(client, reverse("dashboards:region")) == small
    client.force_login(landelijk)
    client.get(reverse("home"))
    assert _count(client, reverse("dashboards:national")) <= small + 1  # + the list of regions
