import factory
from factory.django import DjangoModelFactory

from cases.permissions import sync_team_membership
from zvh.constants import Function, OrganisationType
from zvh.models import Organisation, Region, User


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    # Region.code holds 4 characters; a long test session creates more than 999 regions on one worker, so the
    # sequence wraps (each test rolls its regions back, and get_or_create reuses a code within one test).
    code = factory.Sequence(lambda n: f"R{n % 1000:03d}")
    name = factory.LazyAttribute(lambda o: f"ZVH Testregio {o.code}")
    contact_email = factory.LazyAttribute(lambda o: f"team@{o.code.lower()}.example.nl")
    contact_phone = "010-1234567"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Wijkteam {n}")
    type = OrganisationType.WIJKTEAM


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.nl")
    region = factory.SubFactory(RegionFactory)
    organisation = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..region"))
    # A staff or superuser account is a beheer account (the user_staff_only_beheerder constraint).
    function = factory.LazyAttribute(lambda o: Function.BEHEERDER if o.is_staff or o.is_superuser
                                     else Function.PARTNER)
    is_staff = False
    is_superuser = False
    password = factory.django.Password("geheim-wachtwoord-123")

    class Params:
        procesregisseur = factory.Trait(function=Function.PROCESREGISSEUR)
        manager = factory.Trait(function=Function.MANAGER)
        beheerder = factory.Trait(function=Function.BEHEERDER, is_staff=True)

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if create:
            sync_team_membership(self)
