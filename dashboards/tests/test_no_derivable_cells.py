"""No suppressed cell can be worked out by subtraction: totals, complements, or two filter settings.

Enumerates every filter combination of the demo dashboards (each demo region; the default period
and each of its last three months; every urgency; every procesregisseur) and compares every
published count of the same table cell across all of them, and within each table the total with
its rows.
"""

import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.constants import Urgency
from cases.models import Case
from config.demo_data import DEMO_REGIONS
from dashboards.figures import Filters, compute
from dashboards.forms import default_period
from dashboards.tables import SUPPRESSED, national_tables, region_tables
from zvh.constants import Function
from zvh.models import Region, User
from zvh.tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _small(difference: int) -> bool:
    return 0 < abs(difference) < 5


def _periods():
    start, end = default_period()
    periods = [(start, end)]
    month_end = end
    for _ in range(3):
        month_start = month_end.replace(day=1)
        periods.append((month_start, month_end))
        month_end = month_start - timedelta(days=1)
    return periods


def _filter_combinations(region):
    staff = [None, *User.objects.filter(region=region, function=Function.PROCESREGISSEUR, is_active=True)
             .values_list("pk", flat=True)]
    for (start, end), urgency, person in itertools.product(_periods(), ["", *Urgency.values], staff):
        yield Filters(start=start, end=end, urgency=urgency, procesregisseur_id=person)


def _check_table(table, published, where):
    """Record the table's numbers per cell; fail when a total minus its shown rows is 1–4."""
    for column in range(len(table.columns)):
        cells = [(label, cells[column]) for label, cells in table.rows]
        totals = [c for label, c in cells if label.startswith("Totaal")]
        parts = [c for label, c in cells if not label.startswith("Totaal")]
        if totals and totals[0].value is not None and any(c.suppressed for c in parts):
            shown = sum(c.value for c in parts if c.value is not None)
            assert not _small(totals[0].value - shown), f"{where}: {table.key} total minus rows"
        for label, cell in cells:
            if label == "Procesregisseurs (actief)":
                continue  # staff on duty, not cases
            if not cell.text.endswith("%") and cell.value is not None and float(cell.value).is_integer():
                published.setdefault((table.key, label, column), set()).add(int(cell.value))


def test_no_suppressed_cell_of_the_demo_dashboards_is_derivable_by_subtraction(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    regions = list(Region.objects.filter(code__in=DEMO_REGIONS).order_by("name"))
    assert regions and Case.objects.exists()
    suppressed = 0
    for region in regions:
        published: dict[tuple, set[int]] = {}
        for filters in _filter_combinations(region):
            figures = compute([region.pk], filters)
            for table in region_tables(figures, region.pk, filters):
                suppressed += sum(c.text == SUPPRESSED for _l, cells in table.rows for c in cells)
                _check_table(table, published, f"{region.code} {filters}")
        for key, values in published.items():
            for a, b in itertools.combinations(sorted(values), 2):
                assert not _small(b - a), f"{region.code} {key}: {a} and {b} give away a small count"
    national_published: dict[tuple, set[int]] = {}
    for (start, end), urgency in itertools.product(_periods(), ["", *Urgency.values]):
        filters = Filters(start=start, end=end, urgency=urgency)
        for table in national_tables(compute([r.pk for r in regions], filters), regions, filters):
            _check_table(table, national_published, f"national {filters}")
    for key, values in national_published.items():
        for a, b in itertools.combinations(sorted(values), 2):
            assert not _small(b - a), f"national {key}: {a} and {b} give away a small count"
    assert suppressed > 0  # the demo has small cells: the check above is not vacuous


def test_the_managers_home_page_uses_the_same_rule(client):
    from cases.tests.factories import CaseFactory

    region = RegionFactory()
    for _ in range(3):
        CaseFactory(region=region, intake=True)
    for _ in range(7):
        CaseFactory(region=region, overleg=True)
    client.force_login(UserFactory(manager=True, region=region))
    html = client.get(reverse("home")).content.decode()
    assert '<td>Intake</td><td class="text-end">&lt;5</td>' in html
    assert '<td>Overleg</td><td class="text-end">5</td>' in html
