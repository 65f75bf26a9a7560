"""Hostile and broken input never gives a 500: every URL of the permission matrix, with hostile query
parameters, hostile form values and impossible ids, answers a Dutch page — and nothing stored is longer
than its database column allows.

The regression cases of issue 14 are named tests; the sweep covers every other URL, so a new view is
swept as soon as it is in the matrix.
"""

import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.permission_matrix import MATRIX, NOT_FOUND, OK, REDIRECT, kwarg_value

pytestmark = pytest.mark.django_db

NUL = "\x00"
HUGE_ID = "9" * 30
HOSTILE = [NUL, "9999-12-31", "0001-01-01", HUGE_ID, "²", "-1", "x" * 100_000]
# Query parameters the views read (filters, pagination, periods, person, region, table, kind, scenario).
PARAMS = ["q", "page", "sort", "stage", "urgency", "procesregisseur", "signal", "van", "tot", "start", "end",
          "regio", "tabel", "urgentie", "persoon", "kind", "scenario", "next", "week", "weken", "status"]
PROBE_ID = 987654321
# The roles that may use a URL, in the order the sweep prefers them.
PREFERRED = ["procesregisseur", "casusregisseur", "partner", "referrer", "colleague", "manager", "beheerder",
             "coordinator", "superuser", "trainer"]


def _actor(entry):
    for role in PREFERRED:
        if entry.status(role) in (OK, REDIRECT, 204):
            return role
    return None


def _url(world, entry, ids=None):
    case = world.cases[entry.case] if entry.case else None
    kwargs = {"case_uuid": case.uuid} if case else {}
    for name, obj in entry.objects.items():
        kwargs[name] = (ids or {}).get(name, kwarg_value(name, world.object(entry.case, obj)))
    return reverse(entry.url_name, kwargs=kwargs)


def _field_names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html)) - {"csrfmiddlewaretoken"}


def _login(client, world, role):
    client.logout()
    client.force_login(world.user(role))


def _sweep_entries():
    """Each (URL, case, method) of the matrix once, with the role that may use it."""
    swept = {}
    for entry in MATRIX:
        role = _actor(entry)
        key = (entry.url_name, entry.case, entry.method)
        if role is not None and key not in swept:
            swept[key] = (entry, role)
    return list(swept.values())


SWEEP = _sweep_entries()
SWEEP_PARTS = 4  # the sweep in parts, so the test workers share it


def test_the_sweep_covers_the_registry():
    assert len(SWEEP) > 60


@pytest.mark.parametrize("part", range(SWEEP_PARTS))
def test_every_url_survives_hostile_query_parameters_and_form_values(client, world, part):
    for entry, role in SWEEP[part::SWEEP_PARTS]:
        _login(client, world, role)
        url = _url(world, entry)
        for value in HOSTILE:
            query = {name: value for name in PARAMS} | {k: v for k, v in entry.data.items() if k == "tabel"}
            response = client.get(url, query)
            assert response.status_code < 500, f"GET {url} with {value[:20]!r}"
            if value == NUL:
                assert response.status_code == 400, f"GET {url} with a NUL"
        page = client.get(url, entry.data)
        is_html = page.status_code == OK and page.get("Content-Type", "").startswith("text/html")
        names = _field_names(page.content.decode()) if is_html else set()
        if entry.method == "post" or (names and b'method="post"' in page.content):
            for value in HOSTILE:
                data = {name: value for name in names | set(PARAMS)}
                response = client.post(url, data)
                assert response.status_code < 500, f"POST {url} with {value[:20]!r}"
                if value == NUL:
                    assert response.status_code == 400, f"POST {url} with a NUL"


def test_an_impossible_id_in_any_url_is_a_404(client, world):
    for entry in MATRIX:
        role = _actor(entry)
        if role is None or not entry.objects or entry.case in ("closed", "anonymised"):
            continue
        _login(client, world, role)
        for name in entry.objects:
            url = _url(world, entry, {name: PROBE_ID}).replace(f"/{PROBE_ID}/", f"/{HUGE_ID}/")
            url = url.replace(f"/{PROBE_ID}.", f"/{HUGE_ID}.")
            assert HUGE_ID in url
            response = getattr(client, entry.method)(url)
            assert response.status_code == NOT_FOUND, url
            assert b'data-testid="error-page"' in response.content


def test_nothing_stored_is_longer_than_its_column(client, world):
    """After the sweep above, in its own world: SQLite does not enforce lengths, PostgreSQL refuses them
    (a 500). Every form caps what it accepts at the column's length."""
    for entry in MATRIX:
        role = _actor(entry)
        if role is None or entry.case in ("closed", "anonymised"):
            continue
        _login(client, world, role)
        url = _url(world, entry)
        page = client.get(url, entry.data)
        is_html = page.status_code == OK and page.get("Content-Type", "").startswith("text/html")
        names = _field_names(page.content.decode()) if is_html else set()
        if names and b'method="post"' in page.content:
            client.post(url, {name: "y" * 5000 for name in names})
    too_long = []
    for model in apps.get_models():
        if model._meta.app_label not in {"zvh", "cases", "planning", "monitoring", "privacy", "notifications",
                                         "practice"}:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField) and field.max_length:
                for value in model.objects.values_list(field.attname, flat=True):
                    if value and len(str(value)) > field.max_length:
                        too_long.append(f"{model._meta.label}.{field.name}")
    assert sorted(set(too_long)) == []


# -- the 500s of issue 14, one by one ----------------------------------------------------------------


def test_huge_person_id_in_an_inzage_url_is_404(client, world):
    client.force_login(world.user("procesregisseur"))
    case = world.cases["intake"]
    response = client.get(f"/casussen/{case.uuid}/personen/{HUGE_ID}/inzage.json")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_huge_user_id_in_the_access_log_is_404(client, world):
    client.force_login(world.user("beheerder"))
    assert client.get(f"/toegangslog/gebruikers/{HUGE_ID}/").status_code == 404


def test_access_log_period_ending_9999_is_a_form_error(client, world):
    client.force_login(world.user("beheerder"))
    url = reverse("privacy:user_access_log", kwargs={"subject_user_id": world.user("colleague").pk})
    response = client.get(url, {"end": "9999-12-31"})
    assert response.status_code == 200
    assert "Kies een datum tussen 1900 en 2100." in response.content.decode()


@pytest.mark.parametrize("role,url_name", [("manager", "dashboards:region"), ("coordinator", "dashboards:national")])
def test_dashboard_period_in_9999_shows_the_default_period(client, world, role, url_name):
    client.force_login(world.user(role))
    response = client.get(reverse(url_name), {"van": "9999-12-31", "tot": "9999-12-31"})
    assert response.status_code == 200
    assert "Kies een datum tussen 1900 en 2100." in response.content.decode()


def test_nul_in_the_region_parameter_is_a_dutch_400(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(reverse("dashboards:region"), {"regio": NUL})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit verzoek kunnen we niet verwerken" in html and 'data-testid="way-back"' in html


def test_a_100000_character_username_is_a_form_error_and_stores_nothing(client, world):
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "u" * 100_000, "password": "wrong"})
    assert response.status_code == 200
    assert "hoogstens 150 tekens" in response.content.decode()
    assert not AccessAttempt.objects.filter(username__startswith="uuuu").exists()


@pytest.mark.parametrize("url_name,query", [("planning:activity_add", "?scenario=B"), ("planning:activity_add", "")])
def test_activity_form_on_a_never_saved_plan_opens_and_saves(client, world, url_name, query):
    """"Activiteit plan A/B toevoegen" before the plan was ever saved: the form opens, saving creates the plan."""
    from cases.tests.factories import CaseFactory
    from planning.models import Plan

    user = world.user("procesregisseur")
    case = CaseFactory(region=world.region, overleg=True, procesregisseur=user)
    from cases.permissions import sync_case_permissions

    sync_case_permissions(case)
    client.force_login(user)
    url = reverse(url_name, kwargs={"case_uuid": case.uuid}) + query
    assert client.get(url).status_code == 200
    response = client.post(url, {"scenario": "B" if query else "A", "what": "Schoolgesprek",
                                 "organisation": user.organisation_id, "responsible_name": "Mentor",
                                 "status": "planned"})
    assert response.status_code == 302
    assert Plan.objects.get(case=case).scenarios.get(kind="B" if query else "A").activities.count() == 1


def test_decision_to_activity_on_a_never_saved_plan(client, world):
    """"Maak er een activiteit van" on a meeting's decision before any plan exists."""
    from cases.permissions import sync_case_permissions
    from cases.tests.factories import CaseFactory
    from planning.models import Plan
    from planning.tests.factories import DecisionFactory, MeetingFactory

    user = world.user("procesregisseur")
    case = CaseFactory(region=world.region, overleg=True, procesregisseur=user)
    sync_case_permissions(case)
    decision = DecisionFactory(meeting=MeetingFactory(case=case))
    client.force_login(user)
    url = reverse("planning:decision_to_activity",
                  kwargs={"case_uuid": case.uuid, "meeting_id": decision.meeting_id, "decision_id": decision.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"scenario": "A", "what": decision.text, "organisation": user.organisation_id,
                                 "responsible_name": "Mentor", "status": "planned"})
    assert response.status_code == 302
    assert Plan.objects.get(case=case).scenarios.get(kind="A").activities.get().decision == decision
