import pytest

from cases.tests.factories import CaseFactory, InvolvementFactory
from zvh.tests.factories import RegionFactory, UserFactory


class World:
    """Two regions, a user per role, and cases in aanmelding and intake in region A."""

    def __init__(self):
        self.region = RegionFactory(code="AA", name="ZVH Regio A")
        self.other = RegionFactory(code="BB", name="ZVH Regio B")
        r = self.region
        self.users = {
            "procesregisseur": UserFactory(procesregisseur=True, region=r, first_name="Paula"),
            "colleague": UserFactory(procesregisseur=True, region=r, first_name="Chris"),
            "other_region": UserFactory(procesregisseur=True, region=self.other),
            "casusregisseur": UserFactory(region=r),
            "partner": UserFactory(region=r),
            "referrer": UserFactory(region=r),
            "manager": UserFactory(manager=True, region=r),
            "beheerder": UserFactory(beheerder=True, region=r),
        }
        u = self.users
        self.cases = {
            "aanmelding": CaseFactory(region=r, referred_by=u["referrer"]),
            "intake": CaseFactory(region=r, intake=True, procesregisseur=u["procesregisseur"],
                                  referred_by=u["referrer"]),
        }
        InvolvementFactory(case=self.cases["intake"], organisation=u["partner"].organisation,
                           contact_user=u["partner"])
        from cases.permissions import sync_case_permissions

        sync_case_permissions(self.cases["intake"])
        self._monitoring()

    def _monitoring(self):
        from monitoring.tests.factories import CheckInFactory, EscalationFactory, monitoring_case

        u = self.users
        case = monitoring_case(region=self.region, procesregisseur=u["procesregisseur"],
                               casusregisseur=u["casusregisseur"], referred_by=u["referrer"])
        self.cases["monitoring"] = case
        self.objects = {
            "checkin": CheckInFactory(case=case),
            "escalation": EscalationFactory(case=case),
        }
        self._closing()

    def _closing(self):
        from monitoring.models import Evaluation

        u, r = self.users, self.region
        self.cases["evaluatie"] = CaseFactory(region=r, evaluatie=True, procesregisseur=u["procesregisseur"])
        evaluated = CaseFactory(region=r, closed=True, procesregisseur=u["procesregisseur"])
        Evaluation.objects.create(case=evaluated, participants="x", went_well="x", to_improve="x", learned="x")
        self.cases["evaluated"] = evaluated

    def user(self, role):
        return self.users.get(role)


@pytest.fixture
def world(db):
    return World()
