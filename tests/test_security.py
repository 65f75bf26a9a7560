"""Security hardening: headers and CSP, no caching of case pages, sessions, mass assignment, CSRF,
`check --deploy`, and the URL coverage of the permission matrix (issue 9)."""

import importlib
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.urls import get_resolver, path, reverse
from django.urls.resolvers import URLPattern, URLResolver
from freezegun import freeze_time

from cases.constants import CaseStage
from cases.models import Case, Involvement, Person
from tests.test_permission_matrix import _pattern_names, uncovered_patterns
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_APPS = ["zvh", "cases", "planning", "monitoring", "privacy"]


# ---------------------------------------------------------------------------------------------
# Headers


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_csp_allows_only_own_scripts_no_plugins_base_or_framing(client, world):
    client.force_login(world.user("procesregisseur"))
    response = client.get(reverse("cases:case_detail", kwargs={"case_uuid": world.cases["intake"].uuid}))
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["style-src"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert "http:" not in header and "https:" not in header  # nothing from elsewhere: no CDN


def test_login_page_has_the_csp_too(client):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


def test_security_headers_on_a_secure_request(client):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_with_case_data_are_not_stored(client, world):
    client.force_login(world.user("procesregisseur"))
    for url in [reverse("home"), reverse("cases:my_cases"),
                reverse("cases:case_detail", kwargs={"case_uuid": world.cases["intake"].uuid})]:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "private" in cache_control, url


def test_static_files_keep_their_cache_headers(client, world):
    client.force_login(world.user("procesregisseur"))
    response = client.get(f"{settings.STATIC_URL}css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def _project_templates():
    roots = [BASE_DIR / "templates", *(BASE_DIR / app / "templates" for app in PROJECT_APPS)]
    for root in roots:
        yield from sorted(root.rglob("*.html")) if root.exists() else []


def test_no_inline_scripts_event_handlers_or_style_attributes_in_templates():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    style_attr = re.compile(r"\sstyle\s*=", re.IGNORECASE)
    offenders = []
    for template in _project_templates():
        if template.name.endswith("_pdf.html"):  # rendered by WeasyPrint on the server, never by a browser
            continue
        text = template.read_text()
        for pattern in (inline_script, handler, style_attr, re.compile(r"javascript:", re.IGNORECASE)):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(BASE_DIR)}: {pattern.pattern}")
    assert offenders == []


# ---------------------------------------------------------------------------------------------
# Sessions


def _case_url(world):
    return reverse("cases:case_detail", kwargs={"case_uuid": world.cases["intake"].uuid})


def test_session_ends_after_the_idle_timeout(client, world):
    client.force_login(world.user("procesregisseur"))
    with freeze_time("2026-03-02 09:00:00") as frozen:
        assert client.get(reverse("home")).status_code == 200
        frozen.tick(settings.SESSION_IDLE_TIMEOUT - timedelta(minutes=1))
        assert client.get(reverse("home")).status_code == 200  # activity: the clock starts again
        frozen.tick(settings.SESSION_IDLE_TIMEOUT + timedelta(minutes=1))
        response = client.get(_case_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?sessie=verlopen")
    assert "next=" in response["Location"]
    # Really logged out: the next request is anonymous.
    again = client.get(reverse("home"))
    assert again.status_code == 302 and "sessie=" not in again["Location"]
    login_page = client.get(response["Location"]).content.decode()
    assert "automatisch uitgelogd" in login_page


def test_session_ends_at_the_daily_maximum_even_when_active(client, world):
    client.force_login(world.user("procesregisseur"))
    with freeze_time("2026-03-02 08:00:00") as frozen:
        client.get(reverse("home"))
        steps = int(settings.SESSION_ABSOLUTE_TIMEOUT / timedelta(minutes=20))
        for _ in range(steps):
            frozen.tick(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
        frozen.tick(timedelta(minutes=21))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert "sessie=maximum" in response["Location"]


def test_keepalive_counts_as_activity(client, world):
    client.force_login(world.user("procesregisseur"))
    with freeze_time("2026-03-02 09:00:00") as frozen:
        client.get(reverse("home"))
        frozen.tick(settings.SESSION_IDLE_TIMEOUT - timedelta(minutes=1))
        assert client.post(reverse("session_keepalive")).status_code == 204
        frozen.tick(timedelta(minutes=5))
        assert client.get(reverse("home")).status_code == 200


def test_pages_carry_the_idle_timeout_for_the_warning_script(client, world):
    client.force_login(world.user("procesregisseur"))
    html = client.get(reverse("home")).content.decode()
    assert 'src="/static/js/session-timeout.js"' in html
    assert 'data-idle-timeout="' in html and 'data-idle-warning="120"' in html
    assert f'data-keepalive-url="{reverse("session_keepalive")}"' in html
    assert 'id="session-warning"' in html


def test_session_cookie_is_httponly_and_ends_with_the_browser(client, world):
    user = UserFactory(username="sanne", password="juist-wachtwoord-123")
    response = client.post(reverse("login"), {"username": "sanne", "password": "juist-wachtwoord-123"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # a browser-session cookie
    assert user.pk


def test_password_change_logs_out_every_other_session(client, world):
    from django.test import Client

    user = UserFactory(username="sanne", password="oud-wachtwoord-2026")
    other_device = Client()
    client.force_login(user)
    other_device.force_login(user)
    assert other_device.get(reverse("home")).status_code == 200
    response = client.post(reverse("password_change"), {
        "old_password": "oud-wachtwoord-2026", "new_password1": "nieuw-wachtwoord-2026!",
        "new_password2": "nieuw-wachtwoord-2026!"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # the session that changed it stays
    response = other_device.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# ---------------------------------------------------------------------------------------------
# Mass assignment and CSRF


def _project_model_forms():
    for app in PROJECT_APPS:
        for module_name in (f"{app}.forms", f"{app}.admin", f"{app}.two_factor"):
            try:
                importlib.import_module(module_name)
            except ModuleNotFoundError as missing:
                if missing.name != module_name:
                    raise
    seen, stack = [], list(forms.ModelForm.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in PROJECT_APPS and cls not in seen:
            seen.append(cls)
    return seen


def test_no_model_form_takes_all_fields_or_uses_exclude():
    model_forms = _project_model_forms()
    assert len(model_forms) >= 5
    for form_class in model_forms:
        meta = getattr(form_class, "Meta", None)
        if meta is None:
            continue
        assert getattr(meta, "fields", None) != "__all__", form_class
        assert not getattr(meta, "exclude", None), form_class
        for field_name in getattr(meta, "fields", None) or []:
            assert field_name not in {"region", "procesregisseur", "stage", "referred_by", "version", "uuid",
                                      "reference", "is_staff", "is_superuser"}, (form_class, field_name)


HOSTILE_EXTRAS = {
    "region": "", "procesregisseur": "", "stage": CaseStage.CLOSED, "reference": "ZVH-HACK-1", "uuid": "",
    "referred_by": "", "case": "", "triage_decision": "accepted", "closed_reason": "x", "opened_at": "2000-01-01",
}


def test_extra_fields_on_the_intake_form_change_nothing(client, world):
    case = world.cases["intake"]
    other = world.user("colleague")
    client.force_login(world.user("procesregisseur"))
    before = Case.objects.values().get(pk=case.pk)
    data = {**HOSTILE_EXTRAS, "region": world.other.pk, "procesregisseur": other.pk, "referred_by": other.pk,
            "zorgvraag": "Nieuwe zorgvraag", "urgency": before["urgency"], "version": before["version"]}
    response = client.post(reverse("cases:intake_edit", kwargs={"case_uuid": case.uuid}), data)
    assert response.status_code == 302
    after = Case.objects.values().get(pk=case.pk)
    changed = {k for k in after if after[k] != before[k]}
    assert changed <= {"zorgvraag", "version", "updated_at", "last_activity_at"}
    assert after["zorgvraag"] == "Nieuwe zorgvraag"


def test_extra_fields_on_the_case_subforms_change_nothing(client, world):
    case, other_case = world.cases["intake"], world.cases["aanmelding"]
    client.force_login(world.user("procesregisseur"))
    stage_before = case.stage
    extras = {**HOSTILE_EXTRAS, "case": other_case.pk, "region": world.other.pk}
    response = client.post(reverse("cases:person_add", kwargs={"case_uuid": case.uuid}),
                           {**extras, "role": "ouder", "first_name": "Kees", "last_name": "Bakker",
                            "source_organisation": world.involvement.organisation_id, "legal_basis": "publieke_taak",
                            "basis_justification": "Jeugdwet", "purpose": "Procesregie"})
    assert response.status_code == 302
    person = Person.objects.get(first_name="Kees")
    assert person.case_id == case.pk
    organisation = world.user("colleague").organisation
    organisation.region = world.region
    organisation.save(update_fields=["region"])
    response = client.post(reverse("cases:involvement_add", kwargs={"case_uuid": case.uuid}),
                           {**extras, "organisation": organisation.pk, "contact_name": "X", "is_current": "on",
                            "sharing_basis": "publieke_taak", "consent": ""})
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Involvement.objects.get(organisation=organisation).case_id == case.pk
    case.refresh_from_db()
    assert case.stage == stage_before and case.region_id == world.region.pk
    assert not other_case.persons.filter(first_name="Kees").exists()


def test_extra_fields_on_the_aanmelding_change_nothing(client, world):
    partner = world.user("partner")
    client.force_login(partner)
    data = {
        **HOSTILE_EXTRAS, "region": world.other.pk, "procesregisseur": world.user("procesregisseur").pk,
        "referred_by": world.user("colleague").pk,
        "reason": "Zorgen over schoolverzuim", "referrer_goal": "Samen een plan", "urgency": "regulier",
        "referrer_organisation": partner.organisation_id,
        "legal_basis": "publieke_taak", "basis_justification": "Jeugdwet",
        "persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0", "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "10", "persons-0-role": "jeugdige", "persons-0-first_name": "Mila",
        "persons-0-last_name": "Jansen", "persons-0-case": world.cases["intake"].pk,
        "parties-TOTAL_FORMS": "0", "parties-INITIAL_FORMS": "0", "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "10",
    }
    response = client.post(reverse("cases:register"), data)
    assert response.status_code == 302, response.context and [f.errors for f in response.context["persons"]]
    case = Case.objects.get(reason="Zorgen over schoolverzuim")
    assert case.region_id == world.region.pk
    assert case.stage == CaseStage.AANMELDING
    assert case.procesregisseur_id is None
    assert case.referred_by_id == partner.pk
    assert case.reference != "ZVH-HACK-1"
    assert list(case.persons.values_list("first_name", flat=True)) == ["Mila"]


def _all_views(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_is_csrf_exempt():
    views = list(_all_views())
    assert len(views) > 30
    exempt = []
    for route, callback in views:
        candidates = [callback, getattr(callback, "view_class", None)]
        view_class = getattr(callback, "view_class", None)
        if view_class is not None:
            candidates.append(getattr(view_class, "dispatch", None))
        if any(getattr(c, "csrf_exempt", False) for c in candidates if c is not None):
            exempt.append(route)
    assert exempt == []


def test_no_csrf_exempt_in_the_source():
    hits = []
    for app in PROJECT_APPS:
        for source in (BASE_DIR / app).rglob("*.py"):
            if "csrf_exempt" in source.read_text():
                hits.append(str(source.relative_to(BASE_DIR)))
    assert hits == []


# ---------------------------------------------------------------------------------------------
# Deployment check


# Run Django in a fresh process with only the environment of a production host: DEBUG off, a long
# secret, the host name. A developer's .env (written by `make run`, switching secure cookies off
# for plain HTTP) must not count, so reading it is disabled in that process.
NO_DOTENV = "import environ; environ.Env.read_env = classmethod(lambda cls, *a, **k: None); "


def _production_env(**extra):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "procesregie.zvh.example.nl",
        "CELERY_BROKER_URL": "memory://",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **extra,
    }


def _python(code, timeout=120):
    result = subprocess.run([sys.executable, "-c", NO_DOTENV + code], cwd=BASE_DIR, env=_production_env(),
                            capture_output=True, text=True, timeout=timeout)
    return result


def test_production_defaults_are_secure():
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "TWO_FACTOR_REQUIRED",
             "SECURE_SSL_REDIRECT", "SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    result = _python("import django; django.setup(); from django.conf import settings; "
                     f"print(*(getattr(settings, n) for n in {names!r}))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == " ".join(["True"] * len(names))


def test_check_deploy_is_clean_in_production_configuration():
    result = _python("import runpy, sys; sys.argv = ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING']; "
                     "runpy.run_path('manage.py', run_name='__main__')")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


# ---------------------------------------------------------------------------------------------
# URL coverage of the permission matrix, shown with a really registered pattern


def _dummy_view(request):
    return HttpResponse("geheim")


urlpatterns = [path("ongecontroleerd/", _dummy_view, name="unchecked_dummy"), *get_resolver().url_patterns]


def test_coverage_test_fails_on_a_registered_but_unlisted_pattern(settings):
    settings.ROOT_URLCONF = __name__
    assert "unchecked_dummy" in uncovered_patterns(_pattern_names())
