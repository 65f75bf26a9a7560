"""Every figure against numbers worked out by hand on factory data (dates are explicit)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.constants import CaseStage as S
from cases.constants import Urgency
from cases.models import Case
from cases.tests.factories import CaseFactory
from closeout.models import CloseOut, Evaluation
from dashboards.figures import ACK, Filters, compute
from dashboards.tests.helpers import at, history
from monitoring.models import CheckIn, Escalation
from planning.constants import MeetingStatus, PlanStatus
from planning.models import Meeting, Plan
from zvh.tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

PERIOD = Filters(start=date(2026, 1, 1), end=date(2026, 6, 30))
NOW = at(2026, 7, 15)


@pytest.fixture
def region():
    return RegionFactory(code="AA")


@pytest.fixture
def other():
    return RegionFactory(code="BB")


@pytest.fixture
def pr(region):
    return UserFactory(procesregisseur=True, region=region)


def figure(name, region, filters=PERIOD, now=NOW):
    return compute([region.pk], filters, [name], now=now)[name][region.pk]


def case(region, pr, stage=S.INTAKE, **fields):
    created = CaseFactory(region=region, stage=stage, procesregisseur=pr, referred_by=pr)
    if fields:
        Case.objects.filter(pk=created.pk).update(**fields)
        created.refresh_from_db()
    return created


def test_open_cases_per_stage_with_norm_and_stagnation(region, other, pr):
    case(region, pr, S.INTAKE, stage_entered_at=NOW - timedelta(days=20))  # intake norm: 14 days
    case(region, pr, S.INTAKE, stage_entered_at=NOW - timedelta(days=3), urgency=Urgency.SPOED)
    case(region, pr, S.MONITORING, last_activity_at=NOW - timedelta(days=30))  # stagnating (21 days)
    case(region, pr, S.MONITORING, last_activity_at=NOW - timedelta(days=2))
    case(region, pr, S.CLOSED, closed_at=NOW)
    case(other, UserFactory(procesregisseur=True, region=other), S.INTAKE)

    result = figure("open", region)

    assert result == {"stages": {"intake": 2, "monitoring": 2}, "overdue": {"intake": 1, "monitoring": 0},
                      "stagnating": 1}
    spoed = figure("open", region, Filters(PERIOD.start, PERIOD.end, urgency=Urgency.SPOED))
    assert spoed["stages"] == {"intake": 1}


def test_new_and_closed_per_month_in_local_time(region, other, pr):
    case(region, pr, opened_at=at(2026, 1, 15))
    case(region, pr, opened_at=at(2026, 1, 31, 23, 30))  # 22:30 UTC: still January here
    case(region, pr, opened_at=at(2026, 3, 1, 0, 30))  # 23:30 UTC on 28 February: March here
    case(region, pr, opened_at=at(2025, 12, 31, 23, 0))  # before the period
    case(region, pr, S.CLOSED, opened_at=at(2025, 11, 1), closed_at=at(2026, 3, 3))
    case(region, pr, S.CLOSED, opened_at=at(2025, 11, 1), closed_at=at(2026, 7, 1, 0, 10))  # after
    case(other, pr, opened_at=at(2026, 1, 15))

    assert figure("new", region) == {date(2026, 1, 1): 2, date(2026, 3, 1): 1}
    assert figure("closed", region) == {date(2026, 3, 1): 1}


def test_how_cases_end_counts_closures_by_the_stage_they_came_from(region, pr):
    for from_stage, when in [(S.EVALUATIE, at(2026, 2, 1)), (S.EVALUATIE, at(2026, 3, 1)),
                             (S.AANMELDING, at(2026, 4, 1)), (S.INTAKE, at(2025, 12, 1))]:
        history(case(region, pr, S.CLOSED), at(2025, 11, 1), (from_stage, S.CLOSED, when))

    assert figure("closed_from", region) == {"evaluatie": 2, "aanmelding": 1}


def test_median_and_p90_of_time_in_stage(region, other, pr):
    # Five cases: two days in aanmelding, then 1, 2, 3, 4 and 10 days in intake, all in January.
    for days in (1, 2, 3, 4, 10):
        history(case(region, pr, S.OVERLEG), at(2026, 1, 1),
                (S.AANMELDING, S.INTAKE, at(2026, 1, 3)),
                (S.INTAKE, S.OVERLEG, at(2026, 1, 3) + timedelta(days=days)))
    # Entered intake long before the period, left it in the period: 78 days, counted in full.
    history(case(region, pr, S.OVERLEG), at(2025, 11, 1),
            (S.AANMELDING, S.INTAKE, at(2025, 11, 3)), (S.INTAKE, S.OVERLEG, at(2026, 1, 20)))
    # Left intake after the period: not counted.
    history(case(region, pr, S.OVERLEG), at(2026, 6, 1),
            (S.AANMELDING, S.INTAKE, at(2026, 6, 3)), (S.INTAKE, S.OVERLEG, at(2026, 7, 2)))
    # Another region: not counted.
    history(case(other, pr, S.OVERLEG), at(2026, 1, 1),
            (S.AANMELDING, S.INTAKE, at(2026, 1, 2)), (S.INTAKE, S.OVERLEG, at(2026, 3, 2)))

    result = figure("percentiles", region)

    day = 86400
    # aanmelding: the five January cases plus the June one, all 2 days.
    assert result["aanmelding"].n == 6
    assert result["aanmelding"].median == pytest.approx(2 * day)
    assert result["aanmelding"].p90 == pytest.approx(2 * day)
    # intake: sorted 1, 2, 3, 4, 10, 78 days. Median at 2.5 → 3.5; p90 at 0.9·5 = 4.5 → 10 + 0.5·68 = 44.
    assert result["intake"].n == 6
    assert result["intake"].median == pytest.approx(3.5 * day)
    assert result["intake"].p90 == pytest.approx(44 * day)
    assert "overleg" not in result


def test_percentiles_with_one_and_two_samples(region, pr):
    history(case(region, pr, S.OVERLEG), at(2026, 1, 1), (S.AANMELDING, S.INTAKE, at(2026, 1, 5)),
            (S.INTAKE, S.OVERLEG, at(2026, 1, 6)))
    history(case(region, pr, S.INTAKE), at(2026, 1, 1), (S.AANMELDING, S.INTAKE, at(2026, 1, 2)))

    result = figure("percentiles", region)

    day = 86400
    assert (result["intake"].n, result["intake"].median, result["intake"].p90) == (1, day, day)
    # aanmelding: 1 and 4 days. Median 2.5; p90 at 0.9 → 1 + 0.9·3 = 3.7.
    assert result["aanmelding"].median == pytest.approx(2.5 * day)
    assert result["aanmelding"].p90 == pytest.approx(3.7 * day)


def test_time_to_acknowledge_and_open_escalations(region, pr):
    monitored = case(region, pr, S.MONITORING)
    for hours in (1, 2, 3, 4, 5):
        raised = at(2026, 2, 1, 9)
        Escalation.objects.create(case=monitored, reason="cooperation", explanation="x", raised_at=raised,
                                  acknowledged_at=raised + timedelta(hours=hours),
                                  resolved_at=raised + timedelta(days=1))
    Escalation.objects.create(case=monitored, reason="cooperation", explanation="x", raised_at=at(2026, 6, 1))
    Escalation.objects.create(case=monitored, reason="cooperation", explanation="x", raised_at=at(2026, 7, 1),
                              acknowledged_at=at(2026, 7, 1, 13))
    Escalation.objects.create(case=monitored, reason="cooperation", explanation="x", raised_at=at(2025, 6, 1),
                              acknowledged_at=at(2025, 6, 9), resolved_at=at(2025, 6, 10))

    ack = figure("percentiles", region)[ACK]
    assert ack.n == 5
    assert ack.median == pytest.approx(3 * 3600)
    assert ack.p90 == pytest.approx(4.6 * 3600)  # 0.9·4 = 3.6 → 4 + 0.6·1
    # Open now: the unacknowledged one of June and the acknowledged one of July; raised in period: 6.
    assert figure("escalations", region) == {"open": 2, "unacknowledged": 1, "raised": 6}


def test_checkins_overdue(region, pr):
    today = timezone.localdate(NOW)
    first, second, closed = (case(region, pr, S.MONITORING), case(region, pr, S.MONITORING),
                             case(region, pr, S.CLOSED))
    CheckIn.objects.create(case=first, scheduled_on=today - timedelta(days=1))
    CheckIn.objects.create(case=first, scheduled_on=today - timedelta(days=10))
    CheckIn.objects.create(case=first, scheduled_on=today - timedelta(days=5), done_at=NOW)
    CheckIn.objects.create(case=first, scheduled_on=today)  # due today: not overdue yet
    CheckIn.objects.create(case=second, scheduled_on=today + timedelta(days=3))
    CheckIn.objects.create(case=closed, scheduled_on=today - timedelta(days=3))

    assert figure("checkins", region) == {"checkins": 2, "cases": 1}


def test_share_of_plans_switched_to_plan_b(region, pr):
    def plan(switched_at=None, **case_fields):
        c = case(region, pr, S.MONITORING, **case_fields)
        Plan.objects.create(case=c, status=PlanStatus.ADOPTED, adopted_at=at(2026, 1, 10),
                            active_scenario="B" if switched_at else "A", switched_to_b_at=switched_at)

    plan(opened_at=at(2025, 12, 1))
    plan(opened_at=at(2025, 12, 1))
    plan(switched_at=at(2026, 3, 1), opened_at=at(2025, 12, 1))
    plan(switched_at=at(2026, 8, 1), opened_at=at(2025, 12, 1))  # switched after the period: not yet
    plan(opened_at=at(2025, 1, 1), closed_at=at(2025, 11, 1))  # closed before the period: not in use
    Plan.objects.create(case=case(region, pr, S.PLAN), status=PlanStatus.DRAFT)  # never adopted

    assert figure("plan_b", region) == {"plans": 4, "switched": 1}


def test_close_outs_and_evaluations(region, pr):
    def close_out(when, care, family, regie):
        CloseOut.objects.create(case=case(region, pr, S.AFSCHALEN), decided_at=when, care_organised=care,
                                family_self_reliant=family, regie_handed_over=regie)

    close_out(at(2026, 2, 1), True, True, True)
    close_out(at(2026, 3, 1), True, False, True)
    close_out(at(2026, 4, 1), False, False, True)
    close_out(at(2025, 4, 1), True, True, True)  # before the period
    Evaluation.objects.create(case=case(region, pr, S.CLOSED), recorded_at=at(2026, 2, 1))
    Evaluation.objects.create(case=case(region, pr, S.CLOSED), recorded_at=at(2026, 5, 1))
    Evaluation.objects.create(case=case(region, pr, S.CLOSED), recorded_at=at(2026, 5, 2), skipped=True)
    Evaluation.objects.create(case=case(region, pr, S.CLOSED), recorded_at=at(2026, 8, 1))  # after

    assert figure("close_outs", region) == {"decided": 3, "care_organised": 2, "family_self_reliant": 1,
                                            "regie_handed_over": 3, "all_three": 1}
    assert figure("evaluations", region) == {"done": 2, "skipped": 1}


def test_success_conditions_unmet_in_held_meetings(region, pr):
    c = case(region, pr, S.PLAN)
    all_met = {name: True for name in ("sc_interests_visible", "sc_shared_goals", "sc_information_sharing",
                                       "sc_safe_climate", "sc_clear_agreements")}

    def meeting(when, status=MeetingStatus.HELD, **conditions):
        Meeting.objects.create(case=c, starts_at=when, ends_at=when + timedelta(hours=1), status=status,
                               **{**all_met, **conditions})

    meeting(at(2026, 2, 1), sc_all_parties=False, sc_respect=False)
    meeting(at(2026, 3, 1), sc_all_parties=False, sc_respect=True)
    meeting(at(2026, 4, 1), sc_all_parties=False, sc_respect=True)
    meeting(at(2026, 5, 1), status=MeetingStatus.PLANNED)  # not held: not judged
    meeting(at(2025, 5, 1))  # before the period

    result = figure("success", region)

    assert result == {"meetings": 3, "sc_all_parties": 3, "sc_respect": 1, "sc_interests_visible": 0,
                      "sc_shared_goals": 0, "sc_information_sharing": 0, "sc_safe_climate": 0,
                      "sc_clear_agreements": 0}


def test_caseload_per_procesregisseur_without_identities(region, pr):
    busy, idle = UserFactory(procesregisseur=True, region=region), UserFactory(procesregisseur=True, region=region)
    gone = UserFactory(procesregisseur=True, region=region, is_active=False)
    for _ in range(3):
        case(region, busy, S.MONITORING)
    case(region, busy, S.CLOSED)
    case(region, pr, S.INTAKE, urgency=Urgency.SPOED)
    case(region, gone, S.INTAKE)

    # busy 3 (the closed one does not count), pr 1, idle 0; the inactive one is left out.
    assert figure("caseload", region) == [3, 1, 0]
    assert figure("caseload", region, Filters(PERIOD.start, PERIOD.end, urgency=Urgency.SPOED)) == [1, 0, 0]
    assert figure("caseload", region, Filters(PERIOD.start, PERIOD.end, procesregisseur_id=idle.pk)) == [0]


def test_procesregisseur_filter_limits_every_case_figure(region, pr):
    colleague = UserFactory(procesregisseur=True, region=region)
    case(region, pr, S.INTAKE, opened_at=at(2026, 2, 1))
    case(region, colleague, S.INTAKE, opened_at=at(2026, 2, 1))
    case(region, colleague, S.OVERLEG, opened_at=at(2026, 3, 1))
    only_colleague = Filters(PERIOD.start, PERIOD.end, procesregisseur_id=colleague.pk)

    assert figure("open", region, only_colleague)["stages"] == {"intake": 1, "overleg": 1}
    assert figure("new", region, only_colleague) == {date(2026, 2, 1): 1, date(2026, 3, 1): 1}


def test_regions_are_computed_side_by_side_in_the_same_queries(region, other, pr, django_assert_num_queries):
    case(region, pr, S.INTAKE)
    case(other, UserFactory(procesregisseur=True, region=other), S.OVERLEG)

    with django_assert_num_queries(1):
        result = compute([region.pk, other.pk], PERIOD, ["open"], now=NOW)["open"]

    assert result[region.pk]["stages"] == {"intake": 1}
    assert result[other.pk]["stages"] == {"overleg": 1}


def test_percentiles_respect_the_urgency_and_procesregisseur_filters(region, pr):
    colleague = UserFactory(procesregisseur=True, region=region)
    history(case(region, pr, S.INTAKE, urgency=Urgency.SPOED), at(2026, 1, 1), (S.AANMELDING, S.INTAKE, at(2026, 1, 2)))
    history(case(region, colleague, S.INTAKE), at(2026, 1, 1), (S.AANMELDING, S.INTAKE, at(2026, 1, 5)))

    spoed = figure("percentiles", region, Filters(PERIOD.start, PERIOD.end, urgency=Urgency.SPOED))
    mine = figure("percentiles", region, Filters(PERIOD.start, PERIOD.end, procesregisseur_id=colleague.pk))

    assert (spoed["aanmelding"].n, spoed["aanmelding"].median) == (1, 86400)
    assert (mine["aanmelding"].n, mine["aanmelding"].median) == (1, 4 * 86400)
