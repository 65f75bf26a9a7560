"""Every view × every role gives the expected status; refused requests write nothing."""

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from cases.models import CaseEvent, CaseStageChange, CaseUserObjectPermission
from tests.permission_matrix import ADMIN_PREFIX, MATRIX, NOT_CASE_VIEWS, NOT_FOUND, ROLES

pytestmark = pytest.mark.django_db

def _write_counts():
    return (CaseEvent.objects.count(), CaseStageChange.objects.count(), CaseUserObjectPermission.objects.count())


def _entry_id(entry):
    return f"{entry.url_name}[{entry.case or '-'}]-{entry.method}"


@pytest.mark.parametrize("entry", MATRIX, ids=[_entry_id(e) for e in MATRIX])
def test_permission_matrix(client, world, entry):
    """Every role on this view. Refused roles go first: they must leave the world untouched for the
    roles that may act (whose POSTs change it)."""
    roles = sorted(ROLES, key=lambda role: entry.expected[role] != NOT_FOUND and role != "anonymous")
    case = world.cases[entry.case] if entry.case else None
    kwargs = {"case_uuid": case.uuid} if case else {}
    kwargs.update({name: world.objects[obj].pk for name, obj in entry.objects.items()})
    url = reverse(entry.url_name, kwargs=kwargs)
    for role in roles:
        client.logout()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        before = _write_counts()

        response = getattr(client, entry.method)(url, entry.data)

        expected = entry.expected[role]
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
