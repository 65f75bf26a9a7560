import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def region(db):
    from zvh.tests.factories import RegionFactory

    return RegionFactory()


@pytest.fixture
def procesregisseur(region):
    from zvh.tests.factories import UserFactory

    return UserFactory(procesregisseur=True, region=region)


@pytest.fixture
def organisation(region):
    from zvh.tests.factories import OrganisationFactory

    return OrganisationFactory(region=region)


@pytest.fixture
def world(db):
    """Two regions, a user for every role of the permission matrix, cases in several stages."""
    from tests.world import World

    return World()
