import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_dashboard_cache(settings):
    """Figures are computed afresh in every test (the cache is tested on its own)."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()
