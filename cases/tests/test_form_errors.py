"""A failed form (issue 20): the page title starts with "Fout:", an error summary at the top receives
the focus and links to each field; repeated person and party rows carry unique labels, and rows that
may stay empty show no asterisks (their fields are required once the row is used)."""

import re

import html5lib
import pytest
from django.urls import reverse

from cases.models import Case
from cases.tests.test_views import _registration_data
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _labels(page: str, field: str) -> list[str]:
    """The accessible text of the labels of `field` in every row, tags stripped."""
    found = re.findall(rf'<label\s+for="id_\w+-\d+-{field}"[^>]*>(.*?)</label>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", label).split()) for label in found]


def test_a_failed_registration_prefixes_the_title_and_focuses_a_summary_linking_to_the_fields(client):
    partner = UserFactory()
    client.force_login(partner)
    response = client.post(reverse("cases:register"), _registration_data(
        partner.organisation, reason="", **{"persons-1-last_name": "Verbeek", "parties-2-contact_name": "Mevr. Bos"}))
    assert response.status_code == 200 and not Case.objects.exists()
    page = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.strip().startswith("Fout: Aanmelden voor procesregie")
    summary = re.search(r'<div class="alert alert-danger error-summary"(.*?)</div>', page, re.S)
    assert summary and 'tabindex="-1" autofocus' in summary.group(0)
    links = dict((target, " ".join(re.sub(r"<[^>]+>", "", text).split()))
                 for target, text in re.findall(r'<a href="#([\w-]+)">(.*?)</a>', summary.group(1), re.S))
    assert "er zijn 3 fouten" in summary.group(1)
    # Each link leads to a field that exists on the page, and names the row where it is.
    for target in links:
        assert f'id="{target}"' in page, target
    assert links["id_reason"] == "Aanleiding: waarom vraagt u procesregie aan?: Dit veld is verplicht."
    assert links["id_persons-1-first_name"] == "Voornaam, persoon 2: Dit veld is verplicht."
    assert links["id_parties-2-organisation"] == "Organisatie, partij 3: Dit veld is verplicht."
    html5lib.HTMLParser(strict=True).parse(page)  # the summary keeps the page valid HTML


def test_repeated_rows_have_unique_labels_and_optional_rows_no_asterisks(client):
    client.force_login(UserFactory())
    page = client.get(reverse("cases:register")).content.decode()
    assert "<title>Aanmelden" in page and "Fout:" not in page and "error-summary" not in page
    assert _labels(page, "first_name") == ["Voornaam, persoon 1*", "Voornaam, persoon 2", "Voornaam, persoon 3"]
    assert _labels(page, "organisation") == ["Organisatie, partij 1", "Organisatie, partij 2", "Organisatie, partij 3"]
    assert "Persoon 2 <span" in page and "(optioneel)" in page


def test_a_used_optional_row_still_needs_its_required_fields_and_an_unused_one_nothing(client):
    partner = UserFactory()
    client.force_login(partner)
    response = client.post(reverse("cases:register"), _registration_data(partner.organisation))
    assert response.status_code == 302  # rows 2 and 3 left empty: fine
    response = client.post(reverse("cases:register"), _registration_data(
        partner.organisation, **{"persons-2-first_name": "Linda"}))
    assert response.status_code == 200
    assert Case.objects.count() == 1
    assert 'id="id_persons-2-last_name"' in response.content.decode()
    assert "Achternaam, persoon 3: Dit veld is verplicht." in re.sub(r"<[^>]+>", "", response.content.decode())
