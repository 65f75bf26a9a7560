"""The plan van aanpak as a PDF (WeasyPrint), from the same document template as the print page."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _no_fetch(url, *args, **kwargs):
    """WeasyPrint may not fetch anything: the document is self-contained (no network on a care network)."""
    raise ValueError(f"external resource refused: {url}")


def plan_pdf_document(context: dict):
    """The laid-out document (pages with their boxes); `.write_pdf()` gives the bytes."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    html = render_to_string("planning/plan_pdf.html", context)
    stylesheet = CSS(filename=finders.find("planning/plan.css"), url_fetcher=_no_fetch)
    return HTML(string=html, url_fetcher=_no_fetch, base_url=".").render(stylesheets=[stylesheet])


def render_plan_pdf(context: dict) -> bytes:
    return plan_pdf_document(context).write_pdf()
