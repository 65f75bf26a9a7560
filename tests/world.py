"""The permission-matrix world: two regions, a user per role, cases in several stages."""

from datetime import timedelta

from django.utils import timezone

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
            # Lifecycle roles: former holders of a relation, stand-ins, national roles.
            "stand_in": UserFactory(procesregisseur=True, region=r),
            "stand_in_after": UserFactory(procesregisseur=True, region=r),
            "demoted": UserFactory(procesregisseur=True, region=r),
            "former_procesregisseur": UserFactory(procesregisseur=True, region=r),
            "former_casusregisseur": UserFactory(region=r),
            "ended_partner": UserFactory(region=r),
            "withdrawn_partner": UserFactory(region=r),
            "coordinator": UserFactory(region=None, organisation=None, function="landelijk"),
            "superuser": UserFactory(region=None, organisation=None, function="beheerder", is_staff=True,
                                     is_superuser=True),
            "trainer": UserFactory(region=None, organisation=None, function="trainer"),
        }
        self.case_objects: dict[str, dict] = {}
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
        self._lifecycle()
        self._practice()

    def _practice(self):
        """Vakontwikkeling: the procesregisseur's play of a scenario, and a development group led by the
        trainer with the procesregisseur, the colleague and a trainee of the other region."""
        from practice.demo import load_scenarios
        from practice.models import DevelopmentGroup, Scenario
        from practice.spaces import practice_start

        u = self.users
        load_scenarios()
        scenario = Scenario.objects.order_by("slug").first()
        group = DevelopmentGroup.objects.create(name="Ontwikkelgroep", trainer=u["trainer"])
        member = UserFactory(region=self.other, function="in_opleiding")
        group.members.add(u["procesregisseur"], u["colleague"], member)
        play = practice_start(trainee=u["procesregisseur"], scenario=scenario)
        # Triaged by the practice account, who is its procesregisseur (the practice pages of the every-page sweep).
        from cases.services import case_triage

        case_triage(case=play.case, actor=play.space.account, decision="accepted", explanation="Oefenen",
                    procesregisseur=play.space.account)
        play.shared_with_groups = True  # the trainee shared the debrief with their groups (and its trainer)
        play.save(update_fields=["shared_with_groups"])
        self.objects.update({"scenario": scenario, "group": group, "group_member": member, "play": play})

    def _planning(self):
        """A case in the plan stage with a held meeting and a plan (as planning/tests/conftest.py)."""
        case, objects = self._plan_case()
        self.cases["plan"] = case
        # The intake case keeps its own person and consent as the world's defaults.
        self.objects.update({k: v for k, v in objects.items() if k not in ("person", "consent", "involvement",
                                                                           "item")})
        self.case_objects["plan"] = objects

    def _plan_case(self):
        """A case in the plan stage: a held meeting with the partner invited, a plan with the casusregisseur
        (appointed after a former one), an activity of the partner's organisation, a person and a consent;
        partners whose involvement ended or whose consent was withdrawn are invited too."""
        from cases.models import InformationItem, Involvement
        from cases.tests.factories import PersonFactory
        from planning import services
        from planning.models import Contact, OtherTable, YouthVoice
        from planning.tests.factories import (
            ActivityFactory,
            DecisionFactory,
            MeetingFactory,
            MeetingInviteeFactory,
            PlanFactory,
            SolutionDirectionFactory,
        )
        from privacy.models import Consent
        from privacy.services import consent_withdraw
        from zvh.tests.factories import OrganisationFactory

        u = self.users
        actor = u["procesregisseur"]
        case = CaseFactory(region=self.region, plan=True, procesregisseur=actor, referred_by=u["referrer"])
        meeting = MeetingFactory(case=case, held=True, covered=True)
        invitee = MeetingInviteeFactory(meeting=meeting, user=u["partner"])
        for role in ("ended_partner", "withdrawn_partner"):
            MeetingInviteeFactory(meeting=meeting, user=u[role])
        plan = PlanFactory(case=case, complete=True)
        services.casusregisseur_appoint(plan=plan, actor=actor, casusregisseur=u["former_casusregisseur"])
        services.casusregisseur_appoint(plan=plan, actor=actor, casusregisseur=u["casusregisseur"])
        activity = ActivityFactory(plan=plan, organisation=u["partner"].organisation, responsible_user=u["partner"])
        person = PersonFactory(case=case)
        Involvement.objects.create(case=case, organisation=u["ended_partner"].organisation, is_current=False)
        consent = Consent.objects.create(case=case, given_by=person, information="Schoolgegevens",
                                         given_on="2026-10-01")
        consent.organisations.set([u["withdrawn_partner"].organisation])
        Involvement.objects.create(case=case, organisation=u["withdrawn_partner"].organisation,
                                   sharing_basis="toestemming", consent=consent)
        consent_withdraw(consent=consent, actor=actor, withdrawn_on=timezone.localdate())
        voice = YouthVoice.objects.create(meeting=meeting, person=person, mode="recording",
                                          own_words="Ik wil naar school")
        contact = Contact.objects.create(case=case, happened_on=timezone.localdate(), with_whom="Mentor",
                                         about="Rooster", recorded_by=actor)
        # A party without a user contact and what it told (corrections after the intake).
        source = Involvement.objects.create(case=case, organisation=OrganisationFactory(region=self.region))
        item = InformationItem.objects.create(case=case, source=source, person=person, content="Verzuim sinds mei",
                                              received_on=timezone.localdate(), legal_basis="publieke_taak",
                                              justification="Wettelijke taak")
        # Documents (issue 15): one from the procesregisseur, one a partner uploaded (the partner sees only theirs).
        from planning.document_services import document_upload

        pdf = b"%PDF-1.4\n%%EOF\n"
        document = document_upload(case=case, actor=actor, data=pdf, original_name="brief.pdf", title="Brief",
                                   document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel",
                                   source=source, person=person)
        partner_document = document_upload(case=case, actor=u["partner"], data=pdf, original_name="pv.pdf",
                                           title="Proces-verbaal", document_date=timezone.localdate(),
                                           legal_basis="publieke_taak", purpose="Doel",
                                           source_organisation=u["partner"].organisation)
        return case, {
            "document": document, "partner_document": partner_document,
            "voice": voice, "contact": contact,
            "other_table": OtherTable.objects.create(case=case, name="Veiligheidshuis", recorded_by=actor),
            "meeting": meeting, "invitee": invitee, "decision": DecisionFactory(meeting=meeting),
            "goal": plan.goals.first(), "direction": SolutionDirectionFactory(plan=plan), "activity": activity,
            "person": person, "consent": consent, "involvement": source, "item": item,
        }

    def _lifecycle(self):
        """The plan case's twins, closed and anonymised; the procesregisseur's cases handed to a colleague
        and back (a former procesregisseur); stand-ins during, after and demoted to manager."""
        from cases import services
        from cases.models import Case, StandIn
        from cases.permissions import apply_stand_in_periods, sync_case_permissions
        from zvh import hooks
        from zvh.constants import Function

        u = self.users
        for name in ("closed", "anonymised"):
            case, objects = self._plan_case()
            services.case_transition(case=case, to="closed", actor=u["procesregisseur"], reason="Ingetrokken")
            self.cases[name] = case
            self.case_objects[name] = objects
        anonymised = self.cases["anonymised"]
        Case.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
        sync_case_permissions(anonymised)
        mine = Case.objects.filter(procesregisseur=u["procesregisseur"])
        services.caseload_reassign(cases=mine, to=u["former_procesregisseur"], actor=u["colleague"], reason="Ziekte")
        services.caseload_reassign(cases=Case.objects.filter(procesregisseur=u["former_procesregisseur"]),
                                   to=u["procesregisseur"], actor=u["colleague"], reason="Terug van ziekte")
        today = timezone.localdate()
        absent = u["procesregisseur"]
        for role, start, end in (("stand_in", -1, 7), ("stand_in_after", -9, -2), ("demoted", -1, 7)):
            StandIn.objects.create(region=self.region, absent=absent, stand_in=u[role], reason="Vakantie",
                                   starts_on=today + timedelta(days=start), ends_on=today + timedelta(days=end),
                                   created_by=absent)
        self.objects["stand_in"] = StandIn.objects.create(
            region=self.region, absent=absent, stand_in=u["colleague"], reason="Cursus", created_by=absent,
            starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=22))
        apply_stand_in_periods()
        demoted = u["demoted"]
        demoted.function = Function.MANAGER
        demoted.save(update_fields=["function"])
        hooks.user_changed(demoted, {"function"}, actor=None)

    def _closing(self):
        from closeout.models import Evaluation

        u, r = self.users, self.region
        self.cases["evaluatie"] = CaseFactory(region=r, evaluatie=True, procesregisseur=u["procesregisseur"])
        evaluated = CaseFactory(region=r, closed=True, procesregisseur=u["procesregisseur"])
        Evaluation.objects.create(case=evaluated, participants="x", went_well="x", to_improve="x", learned="x")
        self.cases["evaluated"] = evaluated

    def user(self, role):
        return self.users.get(role)

    def object(self, case_name, name):
        """A world object by name: the one belonging to that case when it has its own."""
        return self.case_objects.get(case_name, {}).get(name) or self.objects[name]
