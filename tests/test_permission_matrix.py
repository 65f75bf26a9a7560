"""Every view × every role gives the expected status; refused requests write nothing."""

import pytest
from django.apps import apps
from django.db.models import Count, Max
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from tests.permission_matrix import ADMIN_PREFIX, ALL_ROLES, MATRIX, NOT_CASE_VIEWS, NOT_FOUND, kwarg_value

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"zvh", "cases", "planning", "monitoring", "closeout", "privacy", "dashboards", "notifications",
                "practice"}
# Tables a refused request may write on purpose: the access log records the refusal; django-axes and the
# session table belong to the login itself.
MAY_CHANGE = {"privacy.accesslog"}
CHANGE_STAMPS = {"updated_at", "last_activity_at", "read_at", "withdrawn_on", "revoked_at", "version", "lock_version"}


def _write_counts():
    """A fingerprint of every project table, the guardian rows included: row count, highest id and the latest
    change stamp where the model has one. Equal before and after means nothing was written."""
    fingerprint = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label not in PROJECT_APPS or label in MAY_CHANGE:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        stamps = {f"max_{n}": Max(n) for n in CHANGE_STAMPS & names}
        fingerprint.append((label, tuple(model.objects.aggregate(n=Count("pk"), top=Max("pk"), **stamps).values())))
    return fingerprint


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """One world for the whole matrix (it is expensive to build): created in an outer transaction that is
    rolled back at the end of the module; each entry runs in its own savepoint inside it, so what a
    permitted role's POST changes is undone before the next entry."""
    from django.db import transaction

    from tests.world import World

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield World()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(matrix_world, db):
    return matrix_world


def _entry_id(entry):
    return f"{entry.url_name}[{entry.case or '-'}]-{entry.method}"


@pytest.mark.parametrize("entry", MATRIX, ids=[_entry_id(e) for e in MATRIX])
def test_permission_matrix(client, world, entry):
    """Every role on this view. Refused roles go first: they must leave the world untouched for the
    roles that may act (whose POSTs change it)."""
    roles = sorted(ALL_ROLES, key=lambda role: entry.status(role) != NOT_FOUND and role != "anonymous")
    case = world.cases[entry.case] if entry.case else None
    kwargs = {"case_uuid": case.uuid} if case else {}
    kwargs.update({name: kwarg_value(name, world.object(entry.case, obj)) for name, obj in entry.objects.items()})
    url = reverse(entry.url_name, kwargs=kwargs)
    for role in roles:
        client.logout()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        refused = entry.status(role) == NOT_FOUND or role == "anonymous"
        before = _write_counts() if refused else None

        response = getattr(client, entry.method)(url, entry.data)

        expected = entry.status(role)
        assert response.status_code == expected, f"{role} {entry.method.upper()} {url}"
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))
        if expected == NOT_FOUND or role == "anonymous":
            assert _write_counts() == before, f"a refused request by {role} wrote something"
            if case is not None:
                assert case.reference.encode() not in response.content, role


def _pattern_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _pattern_names(pattern, ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def uncovered_patterns(names):
    covered = {entry.url_name for entry in MATRIX} | set(NOT_CASE_VIEWS)
    return sorted(n for n in names if n not in covered and not n.startswith(ADMIN_PREFIX))


def test_every_url_pattern_is_in_the_matrix():
    assert uncovered_patterns(_pattern_names()) == []


def test_coverage_check_catches_an_unlisted_pattern():
    names = list(_pattern_names(get_resolver("tests.urls_with_dummy")))
    assert "unchecked_view" in uncovered_patterns(names)
    assert "unchecked_view" not in uncovered_patterns(list(_pattern_names()))
