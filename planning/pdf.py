"""The plan van aanpak as a tagged PDF (zvh.pdf: PDF/UA-1), from the same document template as the print page."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from zvh.pdf import render_document, write_pdf


def plan_pdf_document(context: dict):
    """The laid-out document (pages with their boxes); `.write_pdf()` gives the bytes."""
    html = render_to_string("planning/plan_pdf.html", context)
    return render_document(html, stylesheet_files=(finders.find("planning/plan.css"),))


def render_plan_pdf(context: dict) -> bytes:
    return write_pdf(plan_pdf_document(context))
