"""Every PDF the product hands out is tagged (issue 20): a structure tree with headings and table
headers, the document language `nl` and a title shown as the window title (PDF/UA-1).

Read with pypdf, as a screen reader's PDF reader would see the file: the catalog's /StructTreeRoot,
/Lang and /MarkInfo, the XMP/Info title, and the structure element types under the tree.
"""

import copy
import io
import json
import re
from datetime import date

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from cases.tests.factories import CaseFactory, PersonFactory
from planning.tests.factories import ActivityFactory, PlanFactory
from privacy.models import Disclosure
from zvh.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _structure_types(node, found: set, depth=0):
    if depth > 60:
        return
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            _structure_types(child, found, depth + 1)
        return
    if not hasattr(node, "get"):
        return
    if "/S" in node:
        found.add(str(node["/S"]))
    if "/K" in node:
        _structure_types(node["/K"], found, depth + 1)


def _accessibility(content: bytes) -> dict:
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"].get_object()
    types: set[str] = set()
    assert "/StructTreeRoot" in root, "the PDF has no structure tree (untagged)"
    _structure_types(root["/StructTreeRoot"].get_object()["/K"], types)
    return {
        "lang": str(root.get("/Lang", "")),
        "marked": bool(root.get("/MarkInfo", {}).get("/Marked")),
        "display_title": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        "title": str((reader.metadata or {}).get("/Title", "")),
        "types": types,
        "text": " ".join(page.extract_text() for page in reader.pages),
    }


def _schema_keys(spec):
    """Every property name the schema allows, at any depth."""
    for key, sub in spec.get("properties", {}).items():
        yield key
        yield from _schema_keys(sub)
    if isinstance(spec.get("items"), dict):
        yield from _schema_keys(spec["items"])


def test_the_plan_pdf_is_tagged_with_title_language_headings_and_table_headers(client):
    plan = PlanFactory(adopted=True)
    ActivityFactory(plan=plan, what="Wijkagent bezoekt het gezin")
    client.force_login(plan.case.procesregisseur)
    response = client.get(reverse("planning:plan_pdf", kwargs={"case_uuid": plan.case.uuid}))
    assert response.status_code == 200
    pdf = _accessibility(response.content)
    assert pdf["lang"] == "nl" and pdf["marked"] and pdf["display_title"]
    assert pdf["title"] == f"Plan van aanpak {plan.case.reference}"
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/P"} <= pdf["types"], pdf["types"]


def test_the_debrief_pdf_is_tagged_with_title_language_headings_and_table_headers(
        client, django_capture_on_commit_callbacks):
    from practice.tests.helpers import start

    play = start(django_capture_on_commit_callbacks)
    client.force_login(play.space.trainee)
    response = client.get(reverse("practice:debrief_pdf", kwargs={"play_id": play.pk}))
    assert response.status_code == 200
    pdf = _accessibility(response.content)
    assert pdf["lang"] == "nl" and pdf["marked"] and pdf["display_title"]
    assert pdf["title"] == f"Nabespreking {play.case.reference}"
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/P"} <= pdf["types"], pdf["types"]
    assert "Aandachtspunten" in pdf["text"] and "Niet gedaan" in pdf["text"]


def test_the_inzage_pdf_is_tagged_readable_dutch_without_field_names_or_iso_dates(client):
    case = CaseFactory(intake=True)
    youth = PersonFactory(case=case, first_name="Lotte", last_name="Hendriks", date_of_birth=date(2009, 7, 2))
    client.force_login(case.procesregisseur)
    client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}))  # an access-log entry
    response = client.get(reverse("privacy:person_export_pdf", kwargs={"case_uuid": case.uuid, "person_id": youth.pk}))
    assert response.status_code == 200
    pdf = _accessibility(response.content)
    assert pdf["lang"] == "nl" and pdf["marked"] and pdf["display_title"]
    assert pdf["title"] == f"Inzage in uw persoonsgegevens — casus {case.reference}"
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/Caption"} <= pdf["types"], pdf["types"]
    text = " ".join(pdf["text"].split())
    assert "2 juli 2009" in text and "2009-07-02" not in text  # Dutch dates, not ISO
    assert "Geboortedatum" in text and "Lotte" in text
    assert "Wie de gegevens heeft bekeken" in text and "Procesregisseur" in text  # the function, not its code
    for raw in ("_op", "T0", "T1", "T2", "+00:00", "+01:00", "gegevens_"):
        assert raw not in text, raw


def test_the_inzage_json_has_a_version_one_key_style_and_iso_8601_everywhere(client, settings):
    from closeout.models import CloseOut
    from privacy import inzage

    case = CaseFactory(monitoring=True)
    youth = PersonFactory(case=case, date_of_birth=date(2009, 7, 2))
    CloseOut.objects.create(case=case, care_organised_explanation="Zorg loopt via het wijkteam")
    Disclosure.objects.create(case=case, organisation=OrganisationFactory(region=case.region), what="Plan",
                              legal_basis="publieke_taak")
    client.force_login(case.procesregisseur)
    client.get(reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}))
    data = json.loads(client.get(reverse("privacy:person_export_json",
                                         kwargs={"case_uuid": case.uuid, "person_id": youth.pk})).content)
    assert data["schema_versie"] == inzage.SCHEMA_VERSION and data["schema"] == "inzage.schema.json"

    # Validated with a JSON Schema validator (draft 2020-12, formats checked: date-time is RFC 3339 with
    # its offset, date is YYYY-MM-DD) against the committed schema; no key beyond the documented ones.
    schema = json.loads((settings.BASE_DIR / "privacy" / "inzage.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)] == []
    # One key style: every key the schema allows is Dutch snake_case.
    assert [key for key in _schema_keys(schema) if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key)] == []
    # The validator does check the formats: a Dutch-style date or a moment without its offset is refused.
    for path, wrong in ((("inzage", "gemaakt_op"), "1 december 2026, 14:05"),
                        (("inzage", "gemaakt_op"), "2026-12-01T14:05:00"),
                        (("casussen", 0, "verstrekkingen", 0, "toestemming"), "01-12-2026")):
        broken = copy.deepcopy(data)
        target = broken
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = wrong
        assert not validator.is_valid(broken), (path, wrong)
    items = data["casussen"][0]["gegevens"]
    labels = {i["gegeven"] for i in items}
    assert "toelichting: de nodige zorg is geregeld" in labels  # plain Dutch, not a field name
    assert not [label for label in labels if "_" in label or "explanation" in label]
    assert {"gegeven": "geboortedatum", "waarde": "2009-07-02"}.items() <= next(
        i for i in items if i["gegeven"] == "geboortedatum").items()
    assert data["casussen"][0]["verstrekkingen"] and data["casussen"][0]["toegangslog"]


# The PDFs the product hands out, each checked above. A new PDF view fails the test below until it is added
# here with a test of its own: "every PDF" stays every PDF.
CHECKED_PDF_VIEWS = {"planning:plan_pdf", "privacy:person_export_pdf", "practice:debrief_pdf"}


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", str(pattern.pattern)


def test_every_pdf_view_of_the_url_registry_is_checked_and_every_pdf_goes_through_zvh_pdf(settings):
    pdf_views = {name for name, route in _patterns() if "pdf" in name.lower() or "pdf" in route.lower()}
    assert pdf_views == CHECKED_PDF_VIEWS
    # WeasyPrint is called in one place only (zvh/pdf.py, PDF/UA-1); no other module renders a PDF itself.
    packages = [d for d in settings.BASE_DIR.iterdir() if (d / "__init__.py").exists() and d.name != "tests"]
    callers = [str(path.relative_to(settings.BASE_DIR)) for package in packages for path in package.rglob("*.py")
               if "tests" not in path.parts and path.name != "pdf.py"
               and re.search(r"^\s*(from|import) weasyprint", path.read_text(), re.M)]
    assert callers == []
