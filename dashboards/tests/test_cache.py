"""The computed figures are kept for DASHBOARD_CACHE_SECONDS, per regions, filters and figures."""

from datetime import date

import pytest

from cases.tests.factories import CaseFactory
from dashboards.figures import Filters, cached_compute
from zvh.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

PERIOD = Filters(start=date(2026, 1, 1), end=date(2026, 6, 30))


def test_figures_come_from_the_cache_until_it_expires(settings, django_assert_num_queries):
    settings.DASHBOARD_CACHE_SECONDS = 300
    region, other = RegionFactory(), RegionFactory()
    CaseFactory(region=region, intake=True)

    first = cached_compute([region.pk], PERIOD, ["open"])
    CaseFactory(region=region, intake=True)
    with django_assert_num_queries(0):
        again = cached_compute([region.pk], PERIOD, ["open"])

    assert again["open"][region.pk]["stages"] == first["open"][region.pk]["stages"] == {"intake": 1}
    # Another region, other filters: computed afresh.
    with django_assert_num_queries(1):
        cached_compute([other.pk], PERIOD, ["open"])
    spoed = Filters(PERIOD.start, PERIOD.end, urgency="spoed")
    assert cached_compute([region.pk], spoed, ["open"])["open"][region.pk]["stages"] == {}


def test_cache_can_be_switched_off(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    region = RegionFactory()
    CaseFactory(region=region, intake=True)
    assert cached_compute([region.pk], PERIOD, ["open"])["open"][region.pk]["stages"] == {"intake": 1}
    CaseFactory(region=region, intake=True)
    assert cached_compute([region.pk], PERIOD, ["open"])["open"][region.pk]["stages"] == {"intake": 2}
