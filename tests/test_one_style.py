"""One style across the app (issue 14): one Dutch date style ("23 november 2026" in text, "23-11-2026" in
tables, lists and diffs), counts in the singular when there is one ("1 activiteit", never "1 activiteiten"),
and the app's icon in every tab."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory
from monitoring.models import MonitoringArrangement
from monitoring.tests.factories import monitoring_case
from planning.models import Activity, Contact, Scenario
from planning.tests.factories import MeetingFactory
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The formats a template may give the `date` filter: the two styles (by name or spelled out), with a weekday,
# with seconds (the access log), a month alone (lessons) and a weekday alone (agenda).
ALLOWED_DATE_FORMATS = {"SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT", "DATETIME_FORMAT", "j F Y",
                        "j F Y H:i", "l j F Y", "d-m-Y H:i:s", "F Y", "D"}


def _templates():
    base = Path(settings.BASE_DIR)
    for path in base.rglob("*.html"):
        if not {".venv", "node_modules", "staticfiles", "test-artifacts"} & set(path.relative_to(base).parts):
            yield path


def test_every_template_writes_dates_in_one_of_the_two_styles():
    found = {}
    for path in _templates():
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text(encoding="utf-8")):
            found.setdefault(fmt, set()).add(path.name)
    assert found, "no template dates found: the scan is broken"
    odd = {fmt: sorted(names) for fmt, names in found.items() if fmt not in ALLOWED_DATE_FORMATS}
    assert odd == {}


def test_the_case_page_writes_table_dates_with_leading_zeros_and_the_meeting_page_writes_them_out(client):
    case = monitoring_case()
    Contact.objects.create(case=case, happened_on=date(2025, 1, 3), with_whom="Mentor", about="Rooster",
                           follow_up="Mentor belt terug", follow_up_on=date(2025, 2, 7),
                           recorded_by=case.procesregisseur)
    client.force_login(case.procesregisseur)
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert "03-01-2025" in html and "07-02-2025" in html
    assert not re.search(r"(?<![\d-])3-1-2025", html) and not re.search(r"(?<![\d-])7-2-2025", html)
    start = timezone.make_aware(timezone.datetime(2027, 11, 23, 10, 0))
    meeting = MeetingFactory(case=case, starts_at=start, ends_at=start + timedelta(hours=1))
    page = client.get(reverse("planning:meeting_detail", kwargs={"case_uuid": case.uuid, "meeting_id": meeting.pk}))
    assert "dinsdag 23 november 2027, 10:00" in page.content.decode()


# -- plurals ----------------------------------------------------------------------------------------------


def test_one_activity_is_one_activiteit_and_two_are_activiteiten(client):
    case = monitoring_case()
    scenario_a = Scenario.objects.create(plan=case.plan, kind="A")
    scenario_b = Scenario.objects.create(plan=case.plan, kind="B")
    organisation = case.plan.casusregisseur.organisation
    Activity.objects.create(scenario=scenario_a, what="Schoolgesprek", organisation=organisation)
    for what in ("GGZ-intake", "Huisbezoek"):
        Activity.objects.create(scenario=scenario_b, what=what, organisation=organisation)
    client.force_login(case.procesregisseur)
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert "Plan A: 1 activiteit ·" in html and "plan B: 2 activiteiten" in html
    assert "1 activiteiten" not in html


@pytest.mark.parametrize("days,text", [(1, "Ritme: elke dag een monitormoment."),
                                       (14, "Ritme: elke 14 dagen een monitormoment.")])
def test_the_monitoring_rhythm_is_said_in_the_right_number(client, days, text):
    case = monitoring_case()
    MonitoringArrangement.objects.create(case=case, frequency_days=days, decided_by=case.procesregisseur)
    client.force_login(case.procesregisseur)
    html = client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).content.decode()
    assert text in html


def test_a_caseload_of_one_says_casus_and_one_day_in_stage(client):
    pr = UserFactory(procesregisseur=True)
    CaseFactory(region=pr.region, intake=True, procesregisseur=pr, stage_entered_at=timezone.now() - timedelta(days=1))
    client.force_login(pr)
    html = client.get(reverse("cases:my_cases")).content.decode()
    assert "1 casus<" in html and "1 dag in fase" in html
    assert "1 casussen" not in html and "1 dagen" not in html


def test_the_beheerders_home_counts_one_user_and_one_organisation_in_the_singular(client):
    beheerder = UserFactory(beheerder=True)
    client.force_login(beheerder)
    html = client.get(reverse("home")).content.decode()
    assert "1 actieve gebruiker, 1 organisatie in uw regio." in html


# -- the icon ---------------------------------------------------------------------------------------------


def _icon_link():
    return f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'


def test_the_icon_exists_and_is_an_svg():
    path = finders.find("favicon.svg")
    assert path and Path(path).read_text(encoding="utf-8").startswith("<svg")


def test_every_kind_of_page_shows_the_icon(client):
    assert _icon_link() in client.get(reverse("login")).content.decode()  # before logging in
    client.force_login(UserFactory(procesregisseur=True))
    assert _icon_link() in client.get(reverse("home")).content.decode()
    assert _icon_link() in client.get("/bestaat-niet/").content.decode()  # an error page
    assert _icon_link() in render_to_string("500.html") and _icon_link() in render_to_string("503.html")
    client.force_login(UserFactory(beheerder=True))
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 200 and _icon_link() in admin.content.decode()
