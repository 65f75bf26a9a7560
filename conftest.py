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


@pytest.fixture
def broker_refuses(monkeypatch):
    """`broker_refuses(task)`: queuing `task` fails as with a broker that is down."""

    def refuse(**kwargs):
        raise ConnectionRefusedError("broker weg")

    return lambda task: monkeypatch.setattr(task, "apply_async", refuse)


def pytest_configure(config):
    """On PostgreSQL the access log refuses TRUNCATE (privacy migration 0002) unless the session
    allows it: the test database is reset with TRUNCATE between transactional tests."""
    from django.db.backends.signals import connection_created

    def _allow_truncate(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET zvh.allow_truncate = 'on'")

    connection_created.connect(_allow_truncate, weak=False, dispatch_uid="zvh_allow_truncate")

    # Documents go to a private directory per test run, never to the working copy's var/documents, and no
    # clamd from the environment: tests that scan start their own fake clamd (planning/tests/test_documents.py).
    import tempfile

    from django.conf import settings

    settings.DOCUMENTS_ROOT = tempfile.mkdtemp(prefix="zvh-documents-")
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
