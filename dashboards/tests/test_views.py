"""Who sees which dashboard; no personal data on the pages; CSV export."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import CaseStage as S
from cases.tests.factories import CaseFactory, PersonFactory
from zvh.constants import Function
from zvh.tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboards:region")
NATIONAL = reverse("dashboards:national")


@pytest.fixture
def regions():
    return RegionFactory(code="AA", name="ZVH Regio A"), RegionFactory(code="BB", name="ZVH Regio B")


@pytest.fixture
def people(regions):
    a, b = regions
    return {
        "manager": UserFactory(manager=True, region=a),
        "other_manager": UserFactory(manager=True, region=b),
        "procesregisseur": UserFactory(procesregisseur=True, region=a, first_name="Pieter", last_name="Pronk"),
        "partner": UserFactory(region=a),
        "beheerder": UserFactory(beheerder=True, region=a),
        "landelijk": UserFactory(region=None, organisation=None, function=Function.LANDELIJK),
    }


@pytest.fixture
def cases(regions, people):
    """Cases in region A with persons and free text that must never reach a dashboard."""
    a, _b = regions
    pr = people["procesregisseur"]
    result = []
    for i, stage in enumerate([S.INTAKE, S.OVERLEG, S.MONITORING, S.CLOSED, S.CLOSED, S.CLOSED]):
        case = CaseFactory(region=a, stage=stage, procesregisseur=pr, referred_by=pr,
                           closed_at=timezone.now() if stage == S.CLOSED else None,
                           reason=f"Vertrouwelijke aanleiding {i}", zorgvraag=f"Geheime zorgvraag {i}")
        PersonFactory(case=case, first_name=f"Zoë{i}", last_name=f"Achternaam{i}")
        result.append(case)
    return result


@pytest.mark.parametrize(("who", "url", "status"), [
    ("manager", DASHBOARD, 200),
    ("manager", f"{DASHBOARD}?regio=AA", 200),
    ("manager", f"{DASHBOARD}?regio=BB", 404),  # another region's dashboard
    ("manager", f"{DASHBOARD}?regio=XX", 404),
    ("other_manager", DASHBOARD, 200),
    ("manager", NATIONAL, 404),
    ("procesregisseur", DASHBOARD, 404),
    ("partner", DASHBOARD, 404),
    ("beheerder", DASHBOARD, 404),
    ("procesregisseur", NATIONAL, 404),
    ("landelijk", NATIONAL, 200),
    ("landelijk", f"{DASHBOARD}?regio=BB", 200),
    ("landelijk", f"{DASHBOARD}?regio=XX", 404),
])
def test_who_sees_which_dashboard(client, people, who, url, status):
    client.force_login(people[who])
    assert client.get(url).status_code == status


def test_anonymous_goes_to_login(client):
    for url in (DASHBOARD, NATIONAL, reverse("dashboards:region_export"), reverse("dashboards:national_export")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_national_coordinator_without_region_goes_to_national_view(client, people):
    client.force_login(people["landelijk"])
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"] == NATIONAL


def test_manager_gets_no_case_page_at_all(client, people, cases):
    client.force_login(people["manager"])
    for case in cases:
        assert client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})).status_code == 404


def _without_staff_select(html: str) -> str:
    return re.sub(r'<select name="procesregisseur".*?</select>', "", html, flags=re.S)


def _personal_data(cases):
    for case in cases:
        yield case.reference
        yield str(case.uuid)
        yield case.reason
        yield case.zorgvraag
        for person in case.persons.all():
            yield person.first_name
            yield person.last_name


def test_dashboard_shows_counts_and_no_personal_data(client, people, cases):
    client.force_login(people["manager"])

    response = client.get(DASHBOARD)

    html = response.content.decode()
    assert response.status_code == 200
    for text in _personal_data(cases):
        assert text not in html
    # Staff names only in the procesregisseur filter, nowhere in a figure.
    assert "Pronk" in html
    assert "Pronk" not in _without_staff_select(html)
    # Three closed this month: shown as <5.
    assert 'data-testid="figure-flow"' in html
    assert "&lt;5" in html


def test_national_view_has_no_staff_names_and_no_procesregisseur_filter(client, people, cases):
    client.force_login(people["landelijk"])

    html = client.get(NATIONAL).content.decode()

    assert "Pronk" not in html and 'name="procesregisseur"' not in html
    for text in _personal_data(cases):
        assert text not in html
    assert "ZVH Regio A" in html and "ZVH Regio B" in html
    region_page = client.get(f"{DASHBOARD}?regio=AA").content.decode()
    assert "Pronk" not in region_page and 'name="procesregisseur"' not in region_page


def test_charts_are_drawn_from_json_without_inline_script(client, people, cases):
    client.force_login(people["manager"])

    html = client.get(DASHBOARD).content.decode()

    scripts = re.findall(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", html, flags=re.S)
    for attrs, _body in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html
    assert re.search(r'<canvas id="chart-flow" data-chart="chart-flow-data" role="img"\s+aria-label="', html)
    assert 'id="chart-flow-data" type="application/json"' in html
    # Open cases: 1 each in three stages, all "<5": no chart with empty bars, only the table.
    assert 'id="chart-open"' not in html and 'data-testid="no-chart-open"' in html
    assert "style=" not in html and "onclick" not in html
    assert html.count('<th scope="col">') >= 8  # every table has column headers


def test_procesregisseur_filter_accepts_only_staff_of_the_region(client, people, regions):
    client.force_login(people["manager"])
    outsider = UserFactory(procesregisseur=True, region=regions[1])

    ok = client.get(DASHBOARD, {"procesregisseur": people["procesregisseur"].pk})
    refused = client.get(DASHBOARD, {"procesregisseur": outsider.pk})

    assert ok.context["filters"].procesregisseur_id == people["procesregisseur"].pk
    assert refused.status_code == 200 and refused.context["filters"].procesregisseur_id is None
    assert refused.context["form"].errors


def test_wrong_period_falls_back_to_the_default(client, people):
    client.force_login(people["manager"])

    response = client.get(DASHBOARD, {"van": "2026-05-01", "tot": "2026-01-01"})

    assert response.status_code == 200
    assert "ligt na" in response.content.decode()
    assert (response.context["filters"].end - response.context["filters"].start).days > 300


def _csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="dashboard-')
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _exports(client, user, page, export):
    """The CSV export of each table of the dashboard `page` as `user`; each holds what its table shows."""
    client.force_login(user)
    tables = client.get(page).context["tables"]
    assert tables
    exports = [_csv(client.get(reverse(export), {"tabel": table.key})) for table in tables]
    assert exports == [table.csv_rows() for table in tables]
    return exports


def test_every_regional_table_exports_as_csv_with_suppressed_cells(client, people, cases):
    for rows in _exports(client, people["manager"], DASHBOARD, "dashboards:region_export"):
        for text in _personal_data(cases):
            assert text not in str(rows)
    flow = _csv(client.get(reverse("dashboards:region_export"), {"tabel": "flow"}))
    assert flow[0] == ["Maand", "Nieuw", "Afgesloten"]
    assert flow[-1] == ["Totaal periode", "5", "<5"]  # six opened (published rounded to 5), three closed


def test_csv_of_another_region_or_unknown_table_is_404(client, people):
    client.force_login(people["manager"])
    export = reverse("dashboards:region_export")
    assert client.get(export, {"tabel": "open", "regio": "BB"}).status_code == 404
    assert client.get(export, {"tabel": "nope"}).status_code == 404
    assert client.get(reverse("dashboards:national_export"), {"tabel": "open-n"}).status_code == 404


def test_every_national_table_exports_as_csv(client, people, cases):
    for rows in _exports(client, people["landelijk"], NATIONAL, "dashboards:national_export"):
        assert rows[0][0] == "Regio" and {"ZVH Regio A", "ZVH Regio B"} <= {row[0] for row in rows}
    assert client.get(reverse("dashboards:region_export"), {"tabel": "open", "regio": "AA"}).status_code == 200


def test_navigation_links(client, people):
    client.force_login(people["manager"])
    assert f'href="{DASHBOARD}"' in client.get(reverse("home")).content.decode()
    client.force_login(people["landelijk"])
    assert f'href="{NATIONAL}"' in client.get(reverse("home")).content.decode()
