import re

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from tests.permission_matrix import NOT_CASE_VIEWS
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
          "health_live", "health_ready"}  # the operator's probes (notifications/health.py)
# Opened without a session, authorised by a secret in the URL (the invitation's answer link, the
# calendar feed): an unknown secret is a plain 404, never a login page that confirms the address.
BY_SECRET = {"planning:invitation_answer", "monitoring:agenda_feed"}


def _all_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _all_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


EXAMPLES = {"uuid": "5f0c6b1e-2f87-4e9a-9d43-3f8c2b8d1a11", "int": "1", "id": "1", "path": "1", "str": "x", "slug": "x"}


def _example_path(route: str) -> str:
    """A concrete path for a route: every <converter:name> replaced by an example value."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: EXAMPLES[m.group(1) or "str"], route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "")


def test_every_page_except_login_and_reset_requires_a_login(client):
    checked = 0
    for name, route in _all_patterns():
        if name.startswith("admin:") or "(?P" in route or name in PUBLIC:
            continue
        response = client.get(_example_path(route))
        if name in BY_SECRET:
            assert response.status_code == 404, f"{name} {route} answered {response.status_code}"
            continue
        assert response.status_code in (302, 405), f"{name} {route} answered {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), name
        checked += 1
    assert checked >= 15


def test_login_page_and_password_reset_are_public(client):
    for name in ["login", "password_reset"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert 'lang="nl"' in response.content.decode()


def test_public_names_are_listed_as_outside_the_matrix():
    assert PUBLIC | BY_SECRET <= set(NOT_CASE_VIEWS)


def test_wrong_password_gives_a_dutch_error_without_telling_whether_the_user_exists(client):
    UserFactory(username="sanne", password="juist-wachtwoord-123")
    wrong_password = client.post(reverse("login"), {"username": "sanne", "password": "fout"})
    unknown_user = client.post(reverse("login"), {"username": "bestaat-niet", "password": "fout"})
    assert wrong_password.status_code == unknown_user.status_code == 200
    error = "Deze combinatie van gebruikersnaam en wachtwoord klopt niet"
    assert error in wrong_password.content.decode()
    assert error in unknown_user.content.decode()
    assert wrong_password.context["form"].errors == unknown_user.context["form"].errors


def test_inactive_user_gets_the_same_message(client):
    UserFactory(username="weg", password="juist-wachtwoord-123", is_active=False)
    response = client.post(reverse("login"), {"username": "weg", "password": "juist-wachtwoord-123"})
    assert "klopt niet" in response.content.decode()


def test_login_with_right_password_lands_on_home(client):
    UserFactory(username="sanne", password="juist-wachtwoord-123", procesregisseur=True)
    response = client.post(reverse("login"), {"username": "sanne", "password": "juist-wachtwoord-123"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Mijn lopende casussen" in response.content.decode()


@pytest.mark.parametrize(
    ("traits", "testid", "expected_text"),
    [
        ({"procesregisseur": True}, "home-procesregisseur", "U heeft nog geen casussen"),
        ({}, "home-partner", "U heeft nog niets aangemeld"),
        ({"manager": True}, "home-manager", "Er lopen nog geen casussen in uw regio"),
        ({"beheerder": True}, "home-beheerder", "Gebruikers beheren"),
    ],
)
def test_each_function_sees_its_own_home(client, traits, testid, expected_text):
    user = UserFactory(**traits)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert f'data-testid="{testid}"' in html
    assert expected_text in html
    others = {"home-procesregisseur", "home-partner", "home-manager", "home-beheerder"} - {testid}
    assert not any(f'data-testid="{other}"' in html for other in others)


def test_navigation_follows_the_function(client):
    partner = UserFactory()
    client.force_login(partner)
    html = client.get(reverse("home")).content.decode()
    assert "Mijn aanmeldingen" in html
    assert reverse("cases:triage_list") not in html
