"""The demo data reaches the later stages through the real services, and stays idempotent."""

import pytest
from django.core.management import call_command

from cases.constants import CaseStage
from cases.models import Case, CaseEvent
from planning.constants import PlanningEvent
from planning.models import Meeting, Plan, PlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_demo_regions_have_cases_in_every_later_stage(seeded):
    for code in ("RR", "TW"):
        cases = Case.objects.filter(region__code=code)
        stages = set(cases.values_list("stage", flat=True))
        assert {CaseStage.PLAN, CaseStage.MONITORING, CaseStage.AFSCHALEN, CaseStage.EVALUATIE} <= stages
        closed_after_evaluation = cases.filter(stage=CaseStage.CLOSED,
                                               stage_changes__from_stage=CaseStage.EVALUATIE)
        assert closed_after_evaluation.count() == 1


def test_demo_plans_are_real(seeded):
    in_plan = Plan.objects.get(case__region__code="RR", case__stage=CaseStage.PLAN)
    assert not in_plan.is_adopted and in_plan.casusregisseur.username == "rr-casusregisseur"
    monitoring = Plan.objects.get(case__region__code="RR", case__stage=CaseStage.MONITORING)
    assert monitoring.is_adopted and monitoring.first_checkin_on
    assert PlanVersion.objects.filter(plan=monitoring).count() == 1
    assert monitoring.scenarios.get(kind="A").activities.count() == 3
    assert monitoring.scenarios.get(kind="B").trigger
    assert CaseEvent.objects.filter(case__region__code="RR", kind=PlanningEvent.PLAN_B_ACTIVATED).count() == 2
    meeting = Meeting.objects.filter(case=monitoring.case).get()
    assert meeting.covers_agenda and meeting.invitees.count() == 5


def test_demo_partners_and_casusregisseur_get_their_access(seeded):
    from guardian.shortcuts import get_perms

    from zvh.models import User

    case = Case.objects.get(region__code="RR", stage=CaseStage.MONITORING)
    assert "view_case" in get_perms(User.objects.get(username="rr-casusregisseur"), case)
    assert get_perms(User.objects.get(username="rr-partner-politie"), case) == ["view_shared"]


def test_seeding_twice_changes_nothing(seeded, settings):
    counts = (Case.objects.count(), Meeting.objects.count(), Plan.objects.count(), PlanVersion.objects.count())
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert counts == (Case.objects.count(), Meeting.objects.count(), Plan.objects.count(),
                      PlanVersion.objects.count())
