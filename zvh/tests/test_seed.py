import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from cases.constants import CaseStage
from cases.models import Case, CaseStageChange, CaseUserObjectPermission, Involvement, Person
from config.demo_data import DEMO_PASSWORD, DEMO_REGIONS
from zvh.constants import Function
from zvh.models import Organisation, Region, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Region, Organisation, User, Group, Case, Person, Involvement, CaseStageChange,
                      CaseUserObjectPermission)
    }


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    return settings


def test_seed_demo_twice_leaves_the_same_data(seeded):
    first = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == first
    assert first["Region"] == 30


def test_seed_demo_has_every_function_in_two_regions(seeded):
    for code in DEMO_REGIONS:
        functions = set(User.objects.filter(region__code=code).values_list("function", flat=True))
        assert functions == set(Function.values) - {Function.LANDELIJK, Function.TRAINER}
    # The national coordinator and the trainer belong to no region.
    assert User.objects.get(username="landelijk-coordinator", region=None).function == Function.LANDELIJK
    assert User.objects.get(username="landelijk-trainer", region=None).function == Function.TRAINER
    user = User.objects.get(username="rr-procesregisseur")
    assert user.check_password(DEMO_PASSWORD)


def test_seed_demo_has_organisations_of_many_types_in_every_region(seeded):
    for region in Region.objects.all():
        assert region.organisations.values("type").distinct().count() >= 10


def test_seed_demo_has_cases_in_the_early_stages_in_every_demo_region(seeded):
    for code in DEMO_REGIONS:
        stages = set(Case.objects.filter(region__code=code).values_list("stage", flat=True))
        assert {CaseStage.AANMELDING, CaseStage.INTAKE, CaseStage.OVERLEG, CaseStage.CLOSED} <= stages


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG staat uit"):
        call_command("seed_demo", verbosity=0)
    assert not Region.objects.exists()


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", verbosity=0)
    assert Region.objects.count() == 30
