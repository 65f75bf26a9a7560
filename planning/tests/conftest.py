import pytest

from cases.tests.factories import CaseFactory, InvolvementFactory
from planning import services
from planning.tests.factories import ActivityFactory, MeetingFactory, MeetingInviteeFactory, PlanFactory
from zvh.tests.factories import OrganisationFactory, RegionFactory, UserFactory


class PlanningWorld:
    """One case in the plan stage with a held meeting and an adopted plan, and a user per role.

    - procesregisseur: of the case; colleague: same region; other_region: another ZVH
    - casusregisseur: appointed on the plan (a wijkteam professional)
    - partner: police officer invited to the meeting and responsible for a police activity
    - outsider: a partner professional of the region with no part in the case
    """

    def __init__(self):
        self.region = RegionFactory(code="PL", name="ZVH Planregio")
        self.other = RegionFactory(code="PX", name="ZVH Elders")
        r = self.region
        self.police = OrganisationFactory(region=r, name="Politie basisteam")
        self.school = OrganisationFactory(region=r, name="Scholengroep")
        self.users = {
            "procesregisseur": UserFactory(procesregisseur=True, region=r, first_name="Paula"),
            "colleague": UserFactory(procesregisseur=True, region=r),
            "other_region": UserFactory(procesregisseur=True, region=self.other),
            "casusregisseur": UserFactory(region=r, first_name="Fatima"),
            "partner": UserFactory(region=r, organisation=self.police, first_name="Mark"),
            "outsider": UserFactory(region=r),
            "manager": UserFactory(manager=True, region=r),
            "beheerder": UserFactory(beheerder=True, region=r),
        }
        u = self.users
        self.case = CaseFactory(region=r, plan=True, procesregisseur=u["procesregisseur"])
        InvolvementFactory(case=self.case, organisation=self.school, contact_name="Mevr. Jansen",
                           contact_email="jansen@school.example.nl")
        self.meeting = MeetingFactory(case=self.case, held=True, covered=True, minutes="Geheim verslag XYZ")
        MeetingInviteeFactory(meeting=self.meeting, user=u["partner"])
        self.plan = PlanFactory(case=self.case, complete=True)
        services.casusregisseur_appoint(plan=self.plan, actor=u["procesregisseur"], casusregisseur=u["casusregisseur"])
        self.police_activity = ActivityFactory(plan=self.plan, organisation=self.police,
                                               responsible_user=u["partner"], what="Politie spreekt de buurt aan")
        self.school_activity = ActivityFactory(plan=self.plan, plan_b=True, organisation=self.school,
                                               what="School regelt een tijdelijke plek")
        self.plan.refresh_from_db()

    def user(self, role):
        return self.users.get(role)


@pytest.fixture
def pworld(db):
    return PlanningWorld()
