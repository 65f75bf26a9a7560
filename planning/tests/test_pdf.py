"""The plan as a PDF: it opens, and the laid-out pages hold the activities of both scenarios."""

import pytest
from django.urls import reverse

from planning import selectors
from planning.pdf import plan_pdf_document
from planning.tests.factories import ActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _page_text(document) -> str:
    """The text WeasyPrint laid out on the pages (what ends up in the PDF)."""
    texts = []

    def walk(box):
        text = getattr(box, "text", None)
        if isinstance(text, str):
            texts.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(" ".join(texts).split())


@pytest.fixture
def plan():
    plan = PlanFactory(adopted=True)
    ActivityFactory(plan=plan, what="Wijkagent bezoekt het gezin")
    ActivityFactory(plan=plan, plan_b=True, what="Tijdelijke opvang bij oma regelen")
    return plan


def test_pdf_download_opens_and_names_the_case(client, plan):
    client.force_login(plan.case.procesregisseur)
    response = client.get(reverse("planning:plan_pdf", kwargs={"case_uuid": plan.case.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"plan-van-aanpak-{plan.case.reference}-v1.pdf" in response["Content-Disposition"]


def test_pdf_contains_the_activities_of_both_scenarios(plan):
    document = plan_pdf_document({"case": plan.case, **selectors.plan_detail_context(plan)})
    text = _page_text(document)
    assert document.write_pdf().startswith(b"%PDF")
    assert "Plan A" in text and "Plan B" in text
    assert "Wijkagent bezoekt het gezin" in text
    assert "Tijdelijke opvang bij oma regelen" in text
    assert "Gesprek met school over een passende plek" in text and "Plek zoeken op een andere school" in text
    assert "Treedt in werking als: Als Noah na zes weken nog niet naar school gaat." in text
    assert plan.case.reference in text
    assert "concept" not in text  # version 1 is adopted


def test_pdf_fetches_nothing_from_outside(plan, monkeypatch):
    from planning import pdf
    from zvh import pdf as zvh_pdf

    fetched = []
    original = zvh_pdf.no_fetch

    def spy(url, *args, **kwargs):
        fetched.append(url)
        return original(url, *args, **kwargs)

    monkeypatch.setattr(zvh_pdf, "no_fetch", spy)
    pdf.render_plan_pdf({"case": plan.case, **selectors.plan_detail_context(plan)})
    assert fetched == []
