from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.permissions import sync_case_permissions
from cases.tests.factories import CaseFactory
from monitoring.models import CheckIn, Escalation
from zvh.tests.factories import UserFactory


def monitoring_case(*, casusregisseur=None, adopted_days_ago=10, **case_kwargs):
    """A case in monitoring with an adopted plan and a casusregisseur (a partner professional)."""
    from planning.constants import PlanStatus
    from planning.models import Plan

    case = CaseFactory(monitoring=True, **case_kwargs)
    casusregisseur = casusregisseur or UserFactory(region=case.region, first_name="Fatima")
    Plan.objects.create(case=case, casusregisseur=casusregisseur, status=PlanStatus.ADOPTED,
                        adopted_at=timezone.now() - timedelta(days=adopted_days_ago),
                        first_checkin_on=timezone.localdate())
    sync_case_permissions(case)
    return case


class CheckInFactory(DjangoModelFactory):
    class Meta:
        model = CheckIn

    case = factory.LazyFunction(monitoring_case)
    scheduled_on = factory.LazyFunction(timezone.localdate)
    assignee = factory.LazyAttribute(lambda o: o.case.plan.casusregisseur)


class EscalationFactory(DjangoModelFactory):
    class Meta:
        model = Escalation

    case = factory.LazyFunction(monitoring_case)
    raised_by = factory.LazyAttribute(lambda o: o.case.plan.casusregisseur)
    reason = "cooperation"
    explanation = "School en wijkteam komen afspraken niet na."
    urgency = "spoed"
