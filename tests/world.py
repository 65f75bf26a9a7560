"""The permission-matrix world: two regions, a user per role, cases in several stages."""

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
        self.involvement = InvolvementFactory(case=self.cases["intake"], organisation=u["partner"].organisation,
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
        from cases.tests.factories import PersonFactory
        from privacy.models import Consent

        intake = self.cases["intake"]
        person = PersonFactory(case=intake)
        self.objects = {
            "checkin": CheckInFactory(case=case),
            "escalation": EscalationFactory(case=case),
            "person": person,
            "involvement": self.involvement,
            "consent": Consent.objects.create(case=intake, given_by=person, information="Schoolgegevens",
                                              given_on="2026-10-01"),
            "colleague_user": u["colleague"],
        }
        self._closing()
        self._planning()

    def _planning(self):
        """A case in the plan stage with a held meeting and a plan (as planning/tests/conftest.py)."""
        from planning import services
        from planning.tests.factories import (
            ActivityFactory,
            DecisionFactory,
            MeetingFactory,
            MeetingInviteeFactory,
            PlanFactory,
            SolutionDirectionFactory,
        )

        u = self.users
        case = CaseFactory(region=self.region, plan=True, procesregisseur=u["procesregisseur"],
                           referred_by=u["referrer"])
        meeting = MeetingFactory(case=case, held=True, covered=True)
        invitee = MeetingInviteeFactory(meeting=meeting, user=u["partner"])
        plan = PlanFactory(case=case, complete=True)
        services.casusregisseur_appoint(plan=plan, actor=u["procesregisseur"], casusregisseur=u["casusregisseur"])
        activity = ActivityFactory(plan=plan, organisation=u["partner"].organisation, responsible_user=u["partner"])
        self.cases["plan"] = case
        self.objects.update({
            "meeting": meeting, "invitee": invitee, "decision": DecisionFactory(meeting=meeting),
            "goal": plan.goals.first(), "direction": SolutionDirectionFactory(plan=plan), "activity": activity,
        })

    def _closing(self):
        from monitoring.models import Evaluation

        u, r = self.users, self.region
        self.cases["evaluatie"] = CaseFactory(region=r, evaluatie=True, procesregisseur=u["procesregisseur"])
        evaluated = CaseFactory(region=r, closed=True, procesregisseur=u["procesregisseur"])
        Evaluation.objects.create(case=evaluated, participants="x", went_well="x", to_improve="x", learned="x")
        self.cases["evaluated"] = evaluated

    def user(self, role):
        return self.users.get(role)
