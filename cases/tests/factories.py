from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.constants import CaseStage, PersonRole, TriageDecision, Urgency
from cases.models import Case, Involvement, Person
from cases.permissions import sync_case_permissions
from zvh.tests.factories import OrganisationFactory, RegionFactory, UserFactory


class CaseFactory(DjangoModelFactory):
    """A case in a given stage; permissions are synced from its facts as the services would."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"ZVH-{o.region.code}-{o.year}-{o.number:04d}")
    reason = "School, wijkteam en GGZ werken langs elkaar heen."
    referrer_goal = "Eén plan."
    urgency = Urgency.REGULIER
    stage = CaseStage.AANMELDING
    referred_by = factory.SubFactory(UserFactory, region=factory.SelfAttribute("..region"))

    class Params:
        with_procesregisseur = factory.Trait(
            procesregisseur=factory.SubFactory(UserFactory, procesregisseur=True,
                                               region=factory.SelfAttribute("..region")),
            triage_decision=TriageDecision.ACCEPTED,
            triaged_at=factory.LazyFunction(timezone.now),
        )
        intake = factory.Trait(stage=CaseStage.INTAKE, with_procesregisseur=True,
                               zorgvraag="Hoe komt de jeugdige weer op school?")
        overleg = factory.Trait(stage=CaseStage.OVERLEG, with_procesregisseur=True, zorgvraag="Vraag")
        plan = factory.Trait(stage=CaseStage.PLAN, with_procesregisseur=True, zorgvraag="Vraag")
        monitoring = factory.Trait(stage=CaseStage.MONITORING, with_procesregisseur=True, zorgvraag="Vraag")
        afschalen = factory.Trait(stage=CaseStage.AFSCHALEN, with_procesregisseur=True, zorgvraag="Vraag")
        evaluatie = factory.Trait(stage=CaseStage.EVALUATIE, with_procesregisseur=True, zorgvraag="Vraag")
        closed = factory.Trait(stage=CaseStage.CLOSED, with_procesregisseur=True, zorgvraag="Vraag",
                               closed_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        if create:
            sync_case_permissions(self)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    case = factory.SubFactory(CaseFactory)
    role = PersonRole.JEUGDIGE
    first_name = "Noah"
    last_name = "Verbeek"
    date_of_birth = date(2011, 3, 14)


class InvolvementFactory(DjangoModelFactory):
    class Meta:
        model = Involvement

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..case.region"))
    contact_name = "J. de Wit"
    to_invite = True
