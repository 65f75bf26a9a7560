"""How suppression reads on the page (issue 20): valid HTML (no raw "<5"), counts say "minder dan 5",
percentages and durations from few cases say "onderdrukt" with the reason in the caption, and a
figure without any case in the period is one sentence instead of an empty chart."""

import html5lib
import pytest
from django.urls import reverse

from dashboards.tests import test_views

# The fixtures of the dashboard view tests: two regions, their people, and a few cases in region A.
regions, people, cases = test_views.regions, test_views.people, test_views.cases

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboards:region")


def _section(page: str, key: str) -> str:
    start = page.index(f'data-testid="figure-{key}"')
    return page[start:page.index("</section>", start)]


def test_the_dashboard_is_valid_html_and_says_what_suppression_means(client, people, cases):
    client.force_login(people["manager"])
    page = client.get(DASHBOARD).content.decode()
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(page)
    assert [(e[0], page.splitlines()[e[0][0] - 1][max(e[0][1] - 60, 0):e[0][1] + 20]) for e in parser.errors] == []
    assert "<5" not in page.replace("&lt;5", "")
    flow = _section(page, "flow")
    assert '<span aria-hidden="true">&lt;5</span><span class="visually-hidden">minder dan 5</span>' in flow
    assert "“&lt;5”: minder dan 5 casussen" in flow


def test_derived_figures_from_few_cases_read_onderdrukt_never_less_than_5(client, people, cases):
    client.force_login(people["manager"])
    response = client.get(DASHBOARD)
    page = response.content.decode()
    derived = [(table.key, cell.text) for table in response.context["tables"] for _label, cells in table.rows
               for cell in cells if cell.text.endswith("%") or "," in cell.text or cell.text == "onderdrukt"]
    assert ("durations", "onderdrukt") in derived  # the fixture has fewer than 5 cases per stage
    for table in response.context["tables"]:
        for label, cells in table.rows:
            if "(uren)" in label or "(dagen)" in label or "%" in label:
                assert all(c.text != "&lt;5" and c.text != "<5" for c in cells), (table.key, label)
    durations = _section(page, "durations")
    assert "“onderdrukt”: berekend uit minder dan 5 casussen en daarom niet getoond." in durations
    assert '<span class="text-body-secondary fst-italic">onderdrukt</span>' in durations
    assert "“onderdrukt”" in durations and "&lt;5" not in durations.split("<tbody>")[1].split("</tr>")[0][-200:]


def test_a_figure_without_any_case_is_one_sentence_with_the_table_folded_away(client, people):
    client.force_login(people["manager"])
    response = client.get(DASHBOARD)
    page = response.content.decode()
    empty = [table.key for table in response.context["tables"] if table.is_empty]
    assert "open" in empty and "flow" in empty  # no cases at all in this region
    section = _section(page, "open")
    assert 'data-testid="empty-open"' in section and "Geen casussen in deze periode" in section
    assert "<canvas" not in section and "<details" in section
