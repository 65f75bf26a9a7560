"""Robust forms: every view of the permission matrix that takes a POST gets random and hostile input
(very long strings, control characters including NUL, HTML/JS, SQL-looking text, wrong types,
missing and repeated fields) from Hypothesis. The answer is a re-rendered form (200) or a redirect
(302) — never a server error — and a re-rendered form has written nothing (issue 9).

The field names come from the forms the view itself renders (its GET page and its answer to an
empty POST), so a new form in the matrix is covered without touching this file.
"""

import re

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.test.utils import ContextList
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.permission_matrix import MATRIX, ROLES, kwarg_value

pytestmark = pytest.mark.django_db

PROJECT_APPS = ["zvh", "cases", "notifications", "planning", "monitoring", "closeout", "privacy"]
# Answers that count as "handled" (the keep-alive answers 204: it has no form).
HANDLED = {200, 204, 302}
# A NUL character is refused at the edge (zvh/edge.py) with the Dutch 400 page: PostgreSQL cannot
# store it. A view that takes no form data may answer a POST with the Dutch 405 page.
NUL_REFUSED = 400
NO_FORM = 405

HOSTILE = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "\x01\x02\x03\x1b[31m\x7f",
    "\u202egnp.exe",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE cases_case; --",
    "1 OR 1=1",
    "%(name)s {{ 7*7 }} {% debug %}",
    "../../etc/passwd",
    "a" * 5_000,
    "ü\x00" * 1_000,
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "9999-12-31",
    "00000000-0000-0000-0000-000000000000",
    "true",
    "on",
]

value = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=0, max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _unique_urls():
    seen = {}
    for entry in MATRIX:
        key = (entry.url_name, entry.case, tuple(sorted(entry.objects.items())))
        allowed = [r for r in ROLES if r != "anonymous" and 200 <= entry.expected[r] < 400]
        if allowed and key not in seen:
            seen[key] = (entry, allowed[0])
    return list(seen.values())


URLS = _unique_urls()


def _url(world, entry):
    kwargs = {"case_uuid": world.cases[entry.case].uuid} if entry.case else {}
    kwargs.update({name: kwarg_value(name, world.object(entry.case, obj)) for name, obj in entry.objects.items()})
    return reverse(entry.url_name, kwargs=kwargs)


def _field_names(context) -> set[str]:
    """Every input name of the forms and formsets in a response's template context."""
    names = set()
    if context is None:
        return names
    values = []
    for ctx in context if isinstance(context, ContextList) else [context]:
        values.extend(ctx.flatten().values())
    for value_ in values:
        items = value_.values() if isinstance(value_, dict) else [value_]
        for item in items:
            if isinstance(item, forms.BaseFormSet):
                names |= {item.management_form.add_prefix(n) for n in item.management_form.fields}
                for form in item.forms:
                    names |= {form.add_prefix(n) for n in form.fields}
            elif isinstance(item, forms.BaseForm):
                names |= {item.add_prefix(n) for n in item.fields}
    return names


def _snapshot():
    """All rows of the project's own tables (the world is small)."""
    rows = {}
    for app in PROJECT_APPS:
        if not apps.is_installed(app):
            continue
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


# The access log records every request on personal data, a refused form included: that is the
# audit trail doing its job, not form data being saved.
AUDIT_TABLES = {"privacy.AccessLog"}


def _strip_volatile(rows):
    for label in AUDIT_TABLES:
        rows.pop(label, None)
    # Logging in sets last_login; that is not form data being saved either.
    for row in rows.get("zvh.User", []):
        row.pop("last_login", None)
    return rows


_DISCOVERED = {}
_NO_FORM_CHECKED = set()


def _has_nul(payload) -> bool:
    values = [v for vs in payload.values() for v in (vs if isinstance(vs, list) else [vs])]
    return any("\x00" in v for v in values) or any("\x00" in k for k in payload)


def _posts_to_itself(html: str, url: str) -> bool:
    for form in re.finditer(r"<form\b[^>]*>", html, re.IGNORECASE):
        tag = form.group(0)
        if re.search(r'method="post"', tag, re.IGNORECASE):
            action = re.search(r'action="([^"]*)"', tag)
            if action is None or action.group(1) in ("", url):
                return True
    return False


def _discover(client, entry, url):
    """The input names of the view's forms, or None when the view takes no form data.

    A view takes form data when the matrix calls it with POST, or when its page has a form
    that posts to the page itself.
    """
    if url not in _DISCOVERED:
        names = set()
        get = client.get(url) if entry.method == "get" else None
        is_page = get is not None and get.status_code == 200 and get["Content-Type"].startswith("text/html")
        takes_post = entry.method == "post" or (is_page and _posts_to_itself(get.content.decode(), url))
        if not takes_post:
            _DISCOVERED[url] = None
            return None
        if get is not None:
            names |= _field_names(get.context)
        with transaction.atomic():  # the probe must not change the world (a delete would remove the object)
            names |= _field_names(client.post(url, {}).context)
            transaction.set_rollback(True)
        _DISCOVERED[url] = names | {"csrfmiddlewaretoken", "next", "id", "case", "stage", "region"}
    return _DISCOVERED[url]


@pytest.mark.parametrize(("entry", "role"), URLS, ids=[f"{e.url_name}[{e.case or '-'}]" for e, _ in URLS])
@settings(max_examples=8, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_input_gives_a_form_or_a_redirect_and_saves_nothing_half(client, world, entry, role, data):
    user = world.user(role)
    client.force_login(user)
    url = _url(world, entry)
    names = _discover(client, entry, url)
    takes_form = names is not None
    if not takes_form:
        # Hostile data posted to a page without a form still changes nothing and breaks nothing: the
        # answer is what a plain visit of the same address gets (without the matrix's query string
        # an export is a 404), or the Dutch 405 page.
        names = {"csrfmiddlewaretoken", "next", "id", "case"}

    payload = {}
    for name in sorted(names):
        choice = data.draw(st.sampled_from(["missing", "one", "many"]), label=f"{name}?")
        if choice == "one":
            payload[name] = data.draw(value, label=name)
        elif choice == "many":
            payload[name] = data.draw(st.lists(value, min_size=2, max_size=3), label=name)
    if not takes_form:
        if url in _NO_FORM_CHECKED:
            return  # a page without a form: one hostile POST tells all (a PDF page costs seconds a time)
        _NO_FORM_CHECKED.add(url)
        plain_visit = client.get(url).status_code
        assert plain_visit < 500, f"{entry.url_name} answered {plain_visit} to a plain visit"

    with transaction.atomic():
        before = _strip_volatile(_snapshot())
        response = client.post(url, payload)
        status = response.status_code
        after = _strip_volatile(_snapshot())
        transaction.set_rollback(True)

    expected = set(HANDLED) if takes_form else HANDLED | {NO_FORM, plain_visit}
    if _has_nul(payload):
        expected.add(NUL_REFUSED)
    assert status in expected, f"{entry.url_name} answered {status} to {payload!r:.500}"
    if status in (NUL_REFUSED, NO_FORM):
        assert f'data-testid="error-page" data-status="{status}"' in response.content.decode(), \
            "the refusal is the Dutch error page with the way back"
    if status in (200, NUL_REFUSED, NO_FORM) or not takes_form:
        changed = [label for label in before if before[label] != after[label]]
        assert changed == [], f"{entry.url_name} answered {status} but wrote to {changed}"
