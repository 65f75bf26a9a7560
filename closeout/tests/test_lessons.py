"""The lessons library: identifying details are found and explained; review before other regions see it; withdrawal."""

from datetime import date

import pytest
from django.urls import reverse

from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
from closeout import lessons
from closeout.models import Evaluation, Lesson
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _evaluated_case():
    case = CaseFactory(closed=True)
    PersonFactory(case=case, first_name="Zoë", last_name="Brouwër", date_of_birth=date(2011, 3, 14))
    InvolvementFactory(case=case, contact_name="Karin Smit")
    Evaluation.objects.create(case=case, participants="x", went_well="x", to_improve="x", learned="x")
    return case


@pytest.mark.parametrize(("text", "kind"), [
    ("Het gezin woont in 3511 AB.", "postcode"),
    ("Postcode 3511ab, vlak bij het station.", "postcode"),
    ("Ze woonden op de Kerkstraat 12a.", "adres"),
    ("Bel moeder op 06-12345678 als het misgaat.", "telefoonnummer"),
    ("Bel +31 6 1234 5678 of 030 - 123 45 67.", "telefoonnummer"),
    ("Mail naar moeder.b@example.org.", "e-mailadres"),
    ("Het BSN 111222333 stond in de brief.", "BSN"),
    ("Het nummer 111.222.333 stond in de brief.", "BSN"),
    ("Geboren 30-5-'08, dus nog jong.", "datum"),
    ("Op 30/05/2008 begon het.", "datum"),
    ("Sinds 2008-05-30 in beeld.", "datum"),
    ("Op 30 mei 2008 begon het.", "datum"),
    ("Zijn verjaardag op 3 maart vierden we samen.", "datum"),
    ("Zie ook ZVH-TW-2024-0042 voor de voorgeschiedenis.", "zaakkenmerk"),
    ("Zie zvh tw 2024 42.", "zaakkenmerk"),
    ("Dr. P. Verhoeven van de GGZ deed mee.", "naam met titel"),
    ("Mevrouw De Wit belde.", "naam met titel"),
    ("P.J. de Vries had het overzicht.", "naam met voorletters"),
    ("Op basisschool De Regenboog ging het mis.", "school"),
    ("Op school, in groep 7, ging het mis.", "klas"),
    ("Op het Stedelijk Gymnasium ging het mis.", "school"),
    ("Zoe kwam pas in beeld toen school belde.", "naam"),
    ("Het gezin brouwer had al drie hulpverleners.", "naam"),
    ("Karin Smit van het wijkteam nam de regie.", "naam"),
])
def test_each_kind_of_identifying_detail_is_found(text, kind):
    case = _evaluated_case()
    hits = lessons.identifying_details(text, case)
    assert kind in {h.kind for h in hits}, hits
    assert all(h.explanation for h in hits)


def test_a_lesson_without_identifying_details_passes():
    case = _evaluated_case()
    text = ("Nodig school uit voor het eerste overleg, ook als de vraag thuis ligt. In 2008 en 2009 deden we het "
            "anders; na 6 weken zagen we pas wat werkte. Plan B had een duidelijke voorwaarde nodig.")
    assert lessons.identifying_details(text, case) == []


def test_a_number_failing_the_elfproef_is_not_taken_for_a_bsn():
    assert lessons.passes_elfproef("111222333") and not lessons.passes_elfproef("111222334")
    case = _evaluated_case()
    assert "BSN" not in {h.kind for h in lessons.identifying_details("Dossier 111222334 is dicht.", case)}


def test_the_author_is_told_per_hit_what_was_found_and_why(client):
    case = _evaluated_case()
    client.force_login(case.procesregisseur)
    html = client.post(reverse("closeout:lesson_publish", kwargs={"case_uuid": case.uuid}), {
        "title": "Les", "theme": "samenwerking", "publish": "1",
        "text": "Zoë (30-5-'08) zat op basisschool De Regenboog, bel 06-12345678."}).content.decode()
    assert "Zoë" in html and "geboortedatum" in html and "telefoonnummer" in html and "De Regenboog" in html
    assert html.count("Haal weg:") >= 4
    assert not Lesson.objects.exists()


def _submitted(client):
    case = _evaluated_case()
    client.force_login(case.procesregisseur)
    client.post(reverse("closeout:lesson_publish", kwargs={"case_uuid": case.uuid}), {
        "title": "Begin met school", "theme": "samenwerking", "publish": "1",
        "text": "Nodig school uit voor het eerste overleg, ook als de vraag thuis ligt."})
    return case, Lesson.objects.get()


def _lessons_page(client, user):
    client.force_login(user)
    return client.get(reverse("closeout:lessons")).content.decode()


def test_other_regions_see_a_lesson_only_after_a_second_procesregisseur_of_the_region_approved_it(client):
    case, lesson = _submitted(client)
    assert lesson.case == case and lesson.status == "review"
    elsewhere = UserFactory(procesregisseur=True)
    assert "Begin met school" not in _lessons_page(client, elsewhere)
    # The author cannot approve their own lesson.
    client.force_login(case.procesregisseur)
    client.post(reverse("closeout:lessons"), {"lesson": lesson.pk, "action": "approve"})
    assert Lesson.objects.get().status == "review"
    colleague = UserFactory(procesregisseur=True, region=case.region)
    review = _lessons_page(client, colleague)
    # Each lesson's field and buttons name the lesson for a screen reader (several lessons on one page).
    for text in ("Reden (bij teruggeven)", "Goedkeuren en delen met alle regio's", "Teruggeven"):
        assert f'{text}<span class="visually-hidden"> „{lesson.title}”</span>' in review.replace("&#x27;", "'")
    client.post(reverse("closeout:lessons"), {"lesson": lesson.pk, "action": "approve"})
    lesson.refresh_from_db()
    assert lesson.status == "published" and lesson.reviewed_by == colleague
    html = _lessons_page(client, elsewhere)
    assert "Begin met school" in html and case.reference not in html
    assert list(case.events.filter(kind__startswith="lesson").values_list("kind", flat=True)) == [
        "lesson_submitted", "lesson_published"]


def test_a_returned_lesson_is_not_shared_and_shows_why(client):
    case, lesson = _submitted(client)
    colleague = UserFactory(procesregisseur=True, region=case.region)
    client.force_login(colleague)
    client.post(reverse("closeout:lessons"), {"lesson": lesson.pk, "action": "reject", "reason": "Te herkenbaar"})
    lesson.refresh_from_db()
    assert lesson.status == "rejected"
    assert "Te herkenbaar" in _lessons_page(client, case.procesregisseur)
    assert "Begin met school" not in _lessons_page(client, UserFactory(procesregisseur=True))


@pytest.mark.parametrize("who", ["author", "beheerder"])
def test_the_author_and_the_beheerder_can_withdraw_and_it_is_on_the_case_timeline(client, who):
    case, lesson = _submitted(client)
    lessons.lesson_review(lesson=lesson, actor=UserFactory(procesregisseur=True, region=case.region), approve=True)
    actor = case.procesregisseur if who == "author" else UserFactory(beheerder=True, region=case.region)
    client.force_login(actor)
    client.post(reverse("closeout:lessons"),
                {"lesson": lesson.pk, "action": "withdraw", "reason": "Toch te specifiek"})
    lesson.refresh_from_db()
    assert lesson.status == "withdrawn" and lesson.withdrawn_by == actor
    assert "Begin met school" not in _lessons_page(client, UserFactory(procesregisseur=True))
    assert case.events.filter(kind="lesson_withdrawn", actor=actor).exists()


def test_nobody_else_can_withdraw(client):
    case, lesson = _submitted(client)
    lessons.lesson_review(lesson=lesson, actor=UserFactory(procesregisseur=True, region=case.region), approve=True)
    for user in (UserFactory(procesregisseur=True, region=case.region), UserFactory(beheerder=True),
                 UserFactory(procesregisseur=True)):
        assert "Intrekken" not in _lessons_page(client, user)
        client.post(reverse("closeout:lessons"), {"lesson": lesson.pk, "action": "withdraw", "reason": "x"})
    lesson.refresh_from_db()
    assert lesson.status == "published"
