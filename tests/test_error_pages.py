"""Every error is a Dutch page in the base layout that says what happened and offers the way back; a stale
form (a triage already decided) says so and shows the current state."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from cases.constants import TriageDecision
from cases.tests.factories import CaseFactory
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _is_dutch_error_page(response, status, title):
    html = response.content.decode()
    assert response.status_code == status
    assert f'data-status="{status}"' in html and title in html
    assert 'data-testid="way-back"' in html and "Naar de startpagina" in html
    assert 'class="navbar' in html  # the base layout


def test_404_is_dutch_with_the_way_back_to_the_previous_page(client):
    client.force_login(UserFactory(procesregisseur=True))
    response = client.get("/bestaat-niet/", HTTP_REFERER="http://testserver/casussen/?q=x")
    _is_dutch_error_page(response, 404, "Pagina niet gevonden")
    html = response.content.decode()
    assert 'href="/casussen/?q=x"' in html and "Naar mijn casussen" in html


def test_the_way_back_never_leads_off_site(client):
    client.force_login(UserFactory(procesregisseur=True))
    html = client.get("/bestaat-niet/", HTTP_REFERER="https://evil.example/phish").content.decode()
    assert "evil.example" not in html and "Terug naar de vorige pagina" not in html


def test_a_get_on_a_post_only_url_is_a_dutch_405_with_allow(client):
    case = CaseFactory(intake=True)
    client.force_login(case.procesregisseur)
    response = client.get(reverse("cases:transition", kwargs={"case_uuid": case.uuid}))
    _is_dutch_error_page(response, 405, "Deze pagina opent u niet zo")
    assert response["Allow"] == "POST"


def test_an_expired_form_is_a_dutch_csrf_page():
    user = UserFactory(procesregisseur=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("monitoring:notifications_read"), {})
    _is_dutch_error_page(response, 403, "Het formulier is verlopen")
    assert "concept" in response.content.decode()


def test_nul_in_a_form_is_a_dutch_400(client):
    client.force_login(UserFactory(procesregisseur=True))
    response = client.post(reverse("cases:register"), {"reason": "a\x00b"})
    _is_dutch_error_page(response, 400, "Dit verzoek kunnen we niet verwerken")


def test_the_500_page_renders_without_a_request_and_is_dutch():
    html = render_to_string("500.html")
    assert "Er ging iets mis" in html and "Naar mijn casussen" in html and 'data-status="500"' in html


def test_a_stale_triage_says_it_was_decided_and_shows_the_outcome(client):
    pr = UserFactory(procesregisseur=True)
    colleague = UserFactory(procesregisseur=True, region=pr.region)
    case = CaseFactory(region=pr.region)
    url = reverse("cases:triage", kwargs={"case_uuid": case.uuid})
    client.force_login(pr)
    client.post(url, {"decision": TriageDecision.DECLINED, "explanation": "Geen procesregie nodig"})
    client.force_login(colleague)  # a second tab that still showed the aanmelding
    response = client.post(url, {"decision": TriageDecision.ACCEPTED, "explanation": "Oppakken"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "is al getrieerd" in html and "Afgewezen" in html and pr.get_full_name() in html
    case.refresh_from_db()
    assert case.triage_decision == TriageDecision.DECLINED


def test_a_triage_from_another_region_stays_a_404(client):
    case = CaseFactory(intake=True)
    client.force_login(UserFactory(procesregisseur=True))
    response = client.post(reverse("cases:triage", kwargs={"case_uuid": case.uuid}), {"decision": "accepted"})
    assert response.status_code == 404 and case.reference not in response.content.decode()


def test_the_triage_team_sees_its_own_hint_not_the_referrers(client):
    pr = UserFactory(procesregisseur=True)
    case = CaseFactory(region=pr.region)
    client.force_login(pr)
    html = client.get(reverse("cases:referral_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert "U ziet het besluit hier zodra het genomen is" not in html
    assert 'data-testid="triage-hint"' in html
    client.force_login(case.referred_by)
    html = client.get(reverse("cases:referral_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert "U ziet het besluit hier zodra het genomen is" in html


def test_a_403_is_dutch_in_the_base_layout_with_the_way_back(rf):
    from django.core.exceptions import PermissionDenied

    from config import urls
    from zvh.edge import permission_denied

    assert urls.handler403 == "zvh.edge.permission_denied"
    request = rf.get("/beheer/iets/", HTTP_REFERER="http://testserver/casussen/")
    request.user = UserFactory(procesregisseur=True)
    response = permission_denied(request, PermissionDenied())
    _is_dutch_error_page(response, 403, "Geen toegang")
    assert "functioneel beheerder" in response.content.decode()
