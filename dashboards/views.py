"""Dashboards for ZVH managers (their own region) and the national coordinator (all regions).

Aggregates only: these views never load a case, a person or a piece of free text; the figures
come from `dashboards.figures` (a fixed number of aggregate queries) and are suppressed below 5
in `dashboards.tables`. Anyone else gets 404, as for a case they may not see.
"""

import csv
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from dashboards.figures import cached_compute
from dashboards.forms import DashboardFilterForm
from dashboards.tables import FIGURE_BY_KEY, NEEDS, THRESHOLD, national_tables, region_tables
from zvh.constants import Function
from zvh.models import Region

logger = logging.getLogger(__name__)


def _cached_html(parts, render_html) -> str:
    """HTML that depends only on `parts` (figures, filter, language), kept as long as the figures.

    The 30-region tables cost far more to render than to fetch; everyone who may see the national
    view sees the same aggregates, so the rendered tables are shared. Without a cache: rendered.
    """
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)
    if not seconds:
        return render_html()
    key = "dashboards:html:" + hashlib.sha256(repr((*parts, get_language())).encode()).hexdigest()
    try:
        html = cache.get(key)
    except Exception as error:  # noqa: BLE001 - Redis down: render without the cache
        logger.warning("Dashboardcache onbereikbaar: %s", error)
        return render_html()
    if html is None:
        html = render_html()
        try:
            cache.set(key, html, seconds)
        except Exception as error:  # noqa: BLE001 - the page is shown anyway
            logger.warning("Dashboardcache onbereikbaar: %s", error)
    return html


def is_national_coordinator(user) -> bool:
    return user.is_authenticated and user.function == Function.LANDELIJK


def _region(request) -> Region | None:
    """The region whose dashboard is asked for, or 404; None: the national coordinator chose none.

    A manager sees only their own region: another region's code answers 404, like a case they
    may not see. The national coordinator may open every region.
    """
    user, code = request.user, request.GET.get("regio", "")
    if is_national_coordinator(user):
        return get_object_or_404(Region, code=code) if code else None
    if user.function == Function.MANAGER and user.region_id:
        if code and code != user.region.code:
            raise Http404
        return user.region
    raise Http404


def _form(request, region):
    # Only a manager filters by procesregisseur (their own team); the national coordinator does not.
    staff_region = region if request.user.function == Function.MANAGER else None
    return DashboardFilterForm(request.GET or None, region=staff_region)


def region_dashboard(request):
    region = _region(request)
    if region is None:
        return redirect("dashboards:national")
    form = _form(request, region)
    filters = form.filters()
    figures = cached_compute([region.pk], filters)
    return render(request, "dashboards/region.html", {
        "region": region,
        "form": form,
        "filters": filters,
        "tables": region_tables(figures, region.pk, filters),
        "computed_at": figures.computed_at,
        "query": form.query_string(),
        "national": is_national_coordinator(request.user),
        "threshold": THRESHOLD,
    })


def national_dashboard(request):
    if not is_national_coordinator(request.user):
        raise Http404
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    regions = list(Region.objects.order_by("name"))
    figures = cached_compute([r.pk for r in regions], filters)
    query = form.query_string()

    def tables_html():
        return render_to_string("dashboards/partials/national_tables.html", {
            "tables": national_tables(figures, regions, filters), "query": query,
            "export_url": "dashboards:national_export"})

    parts = ("national", tuple((r.pk, r.code, r.name) for r in regions), filters, query,
             figures.stamps or figures.computed_at)
    return render(request, "dashboards/national.html", {
        "form": form,
        "filters": filters,
        "regions": regions,
        "tables_html": mark_safe(_cached_html(parts, tables_html)),  # noqa: S308 - our own rendered template
        "computed_at": figures.computed_at,
        "query": query,
        "threshold": THRESHOLD,
    })


def _figure_key(table_key: str) -> str:
    key = table_key.split("-", 1)[0]
    if key not in FIGURE_BY_KEY:
        raise Http404
    return key


def region_export(request):
    """One table of the regional dashboard as CSV (the same suppressed cells as on the page)."""
    region = _region(request)
    if region is None:
        raise Http404
    table_key = request.GET.get("tabel", "")
    figure_key = _figure_key(table_key)
    filters = _form(request, region).filters()
    figures = cached_compute([region.pk], filters, NEEDS[figure_key])
    tables = region_tables(figures, region.pk, filters, only=table_key)
    if not tables:
        raise Http404
    return _csv(tables[0], f"dashboard-{region.code}-{table_key}-{filters.start}-{filters.end}.csv")


def national_export(request):
    """One table of the national view as CSV."""
    if not is_national_coordinator(request.user):
        raise Http404
    table_key = request.GET.get("tabel", "")
    figure_key = _figure_key(table_key)
    filters = DashboardFilterForm(request.GET or None).filters()
    regions = list(Region.objects.order_by("name"))
    figures = cached_compute([r.pk for r in regions], filters, NEEDS[figure_key])
    tables = national_tables(figures, regions, filters, only=table_key)
    if not tables:
        raise Http404
    return _csv(tables[0], f"dashboard-landelijk-{table_key}-{filters.start}-{filters.end}.csv")


def _csv_safe(text: str) -> str:
    # A spreadsheet must not read a cell as a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") and text != "–" else text


def _csv(table, filename: str) -> HttpResponse:
    """The table as on the page (header row, then one row per row), semicolon-separated with a
    byte-order mark: what Dutch Excel opens without questions."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in table.csv_rows():
        writer.writerow([_csv_safe(str(cell)) for cell in row])
    return response
