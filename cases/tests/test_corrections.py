"""Corrections after the intake: persons, parties and information items can be corrected or removed, with
the reason and the earlier value on the timeline; a rectification on request is recorded as such."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.constants import EventKind
from cases.models import CaseEvent, InformationItem, Involvement, Person
from cases.tests.factories import CaseFactory, InvolvementFactory, PersonFactory
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"case_uuid": case.uuid, **kwargs})


def _last_event(case, kind, *texts):
    """The case's latest timeline event: of `kind`, and its description says each of `texts`."""
    event = CaseEvent.objects.filter(case=case).latest("pk")
    assert event.kind == kind
    assert all(text in event.description for text in texts), event.description
    return event


def _person_data(person, **changes):
    data = {"role": person.role, "first_name": person.first_name, "last_name": person.last_name,
            "date_of_birth": "", "relation": "", "source_organisation": person.source_organisation_id or "",
            "purpose": person.purpose, "legal_basis": person.legal_basis, "basis_justification": "Taak",
            "reason": "", "on_request": ""}
    data.update(changes)
    return data


def test_a_misspelled_name_is_corrected_with_the_earlier_value_on_the_timeline(client):
    case = CaseFactory(intake=True)
    person = PersonFactory(case=case, first_name="Lote", last_name="Jansen",
                           source_organisation=case.procesregisseur.organisation)
    client.force_login(case.procesregisseur)
    response = client.post(_url("person_edit", case, person_id=person.pk),
                           _person_data(person, first_name="Lotte", reason="Typefout uit de aanmelding"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Lotte" and person.search_name == "lotte jansen"
    _last_event(case, EventKind.PERSON_CORRECTED, "Lote → Lotte", "Typefout uit de aanmelding")
    assert "Persoon gecorrigeerd" in client.get(_url("case_detail", case)).content.decode()


def test_a_correction_needs_a_reason_and_keeps_what_was_typed(client):
    case = CaseFactory(intake=True)
    person = PersonFactory(case=case, source_organisation=case.procesregisseur.organisation)
    client.force_login(case.procesregisseur)
    response = client.post(_url("person_edit", case, person_id=person.pk),
                           _person_data(person, last_name="Nieuwe-Naam"))
    html = response.content.decode()
    assert response.status_code == 200 and "Geef de reden van de correctie." in html and "Nieuwe-Naam" in html
    person.refresh_from_db()
    assert person.last_name != "Nieuwe-Naam"


def test_a_rectification_on_request_is_recorded_as_such():
    case = CaseFactory(intake=True)
    person = PersonFactory(case=case, date_of_birth=date(2011, 3, 14))
    services.person_correct(person=person, actor=case.procesregisseur, reason="Verzoek moeder van 3-11-2026",
                            on_request=True, date_of_birth=date(2011, 4, 14))
    event = _last_event(case, EventKind.RECTIFIED, "14-03-2011 → 14-04-2011")
    assert event.label == "Gerectificeerd op verzoek (AVG art. 16)"


def test_removing_a_person_who_gave_consent_is_refused_in_dutch(client):
    from privacy.models import Consent

    case = CaseFactory(intake=True)
    person = PersonFactory(case=case)
    Consent.objects.create(case=case, given_by=person, information="Schoolgegevens", given_on=timezone.localdate())
    client.force_login(case.procesregisseur)
    response = client.post(_url("person_remove", case, person_id=person.pk), {"reason": "Dubbel ingevoerd"})
    assert "Deze persoon gaf een toestemming" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_removing_a_person_keeps_the_information_and_records_why(client):
    case = CaseFactory(intake=True)
    person = PersonFactory(case=case, first_name="Dubbel")
    source = InvolvementFactory(case=case)
    item = InformationItem.objects.create(case=case, person=person, source=source, content="Verzuim",
                                          received_on=timezone.localdate(), legal_basis="publieke_taak",
                                          justification="Taak")
    client.force_login(case.procesregisseur)
    assert client.post(_url("person_remove", case, person_id=person.pk),
                       {"reason": "Dubbel ingevoerd"}).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    item.refresh_from_db()
    assert item.person is None
    _last_event(case, EventKind.PERSON_REMOVED, "Dubbel")


def test_a_party_with_information_cannot_be_removed_but_one_without_can_and_its_contact_loses_access(client):
    case = CaseFactory(intake=True)
    partner = UserFactory(region=case.region)
    with_info = InvolvementFactory(case=case)
    InformationItem.objects.create(case=case, source=with_info, content="x", received_on=timezone.localdate(),
                                   legal_basis="publieke_taak", justification="Taak")
    mistaken = services.involvement_add(case=case, actor=case.procesregisseur, organisation=partner.organisation,
                                        contact_user=partner)
    assert partner.has_perm("cases.view_shared", case)
    client.force_login(case.procesregisseur)
    refused = client.post(_url("involvement_remove", case, involvement_id=with_info.pk), {"reason": "Fout"})
    assert "Van deze partij is informatie vastgelegd" in refused.content.decode()
    assert client.post(_url("involvement_remove", case, involvement_id=mistaken.pk),
                       {"reason": "Verkeerde organisatie"}).status_code == 302
    assert not Involvement.objects.filter(pk=mistaken.pk).exists()
    from guardian.core import ObjectPermissionChecker

    assert not ObjectPermissionChecker(partner).has_perm("view_shared", case)
    assert CaseEvent.objects.filter(case=case, kind=EventKind.PARTY_REMOVED).exists()


def test_information_is_corrected_and_removed_with_the_reason(client):
    case = CaseFactory(intake=True)
    source = InvolvementFactory(case=case)
    item = InformationItem.objects.create(case=case, source=source, content="Verzuim sinds maart",
                                          received_on=timezone.localdate(), legal_basis="publieke_taak",
                                          justification="Taak")
    client.force_login(case.procesregisseur)
    response = client.post(_url("information_edit", case, item_id=item.pk), {
        "source": source.pk, "person": "", "content": "Verzuim sinds mei", "received_on": item.received_on,
        "purpose": item.purpose, "legal_basis": "publieke_taak", "consent": "", "justification": "Taak",
        "reason": "Verkeerde maand genoteerd"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.content == "Verzuim sinds mei"
    assert "Verzuim sinds maart → Verzuim sinds mei" in CaseEvent.objects.filter(case=case).latest("pk").description
    assert client.post(_url("information_remove", case, item_id=item.pk),
                       {"reason": "Hoort bij een andere casus"}).status_code == 302
    assert not InformationItem.objects.filter(pk=item.pk).exists()


def test_corrections_on_a_closed_case_are_404_and_write_nothing(client):
    case = CaseFactory(closed=True)
    person = PersonFactory(case=case)
    client.force_login(case.procesregisseur)
    before = CaseEvent.objects.count()
    assert client.get(_url("person_edit", case, person_id=person.pk)).status_code == 404
    assert client.post(_url("person_remove", case, person_id=person.pk), {"reason": "x"}).status_code == 404
    assert CaseEvent.objects.count() == before and Person.objects.filter(pk=person.pk).exists()


def _involvement_data(involvement, **changes):
    data = {"organisation": involvement.organisation_id, "contact_user": involvement.contact_user_id or "",
            "contact_name": involvement.contact_name, "contact_email": involvement.contact_email,
            "contact_phone": involvement.contact_phone, "is_current": "on" if involvement.is_current else "",
            "primary_task": involvement.primary_task, "ask_content": "", "ask_cooperation": "",
            "ask_notes": involvement.ask_notes, "to_invite": "on" if involvement.to_invite else "",
            "sharing_basis": involvement.sharing_basis, "consent": "", "reason": "", "on_request": ""}
    data.update(changes)
    return data


def test_a_party_is_corrected_with_the_earlier_contact_on_the_timeline_and_access_follows(client):
    case = CaseFactory(intake=True)
    wrong = UserFactory(region=case.region, first_name="Wim", last_name="Verkeerd")
    right = UserFactory(region=case.region, organisation=wrong.organisation, first_name="Rita", last_name="Goed")
    involvement = services.involvement_add(case=case, actor=case.procesregisseur, organisation=wrong.organisation,
                                           contact_user=wrong, contact_name="W. Verkeerd")
    assert wrong.has_perm("cases.view_shared", case)
    client.force_login(case.procesregisseur)
    response = client.post(_url("involvement_edit", case, involvement_id=involvement.pk), _involvement_data(
        involvement, contact_user=right.pk, contact_name="R. Goed", reason="Verkeerde collega gekozen"))
    assert response.status_code == 302
    from guardian.core import ObjectPermissionChecker

    assert not ObjectPermissionChecker(wrong).has_perm("view_shared", case)
    assert ObjectPermissionChecker(right).has_perm("view_shared", case)
    _last_event(case, EventKind.PARTY_UPDATED, "W. Verkeerd → R. Goed", "Verkeerde collega gekozen")
    assert "W. Verkeerd → R. Goed" in client.get(_url("case_detail", case)).content.decode()


def test_a_long_text_is_kept_whole_on_the_timeline_when_corrected_and_when_removed(client):
    case = CaseFactory(intake=True)
    source = InvolvementFactory(case=case)
    earlier = "Verzuim sinds maart; " + "school meldt dagelijks te laat komen en ziekmeldingen door moeder. " * 8
    item = InformationItem.objects.create(case=case, source=source, content=earlier,
                                          received_on=timezone.localdate(), legal_basis="publieke_taak",
                                          justification="Taak")
    reason = "Bij de intake verkeerd samengevat: de school meldde dit over een broer. " * 3
    services.information_item_correct(item=item, actor=case.procesregisseur, reason=reason,
                                      content="Verzuim sinds mei.")
    corrected = CaseEvent.objects.filter(case=case).latest("pk")
    assert earlier.strip() in corrected.description and reason.strip() in corrected.description
    client.force_login(case.procesregisseur)
    assert earlier.strip() in client.get(_url("case_detail", case)).content.decode()
    services.information_item_remove(item=item, actor=case.procesregisseur, reason="Hoort bij een andere casus")
    removed = CaseEvent.objects.filter(case=case).latest("pk")
    assert removed.kind == EventKind.INFORMATION_REMOVED and "Verzuim sinds mei." in removed.description


def test_information_removed_on_request_keeps_the_fact_not_the_text():
    case = CaseFactory(intake=True)
    item = InformationItem.objects.create(case=case, source=InvolvementFactory(case=case),
                                          content="Onjuiste melding over een schuld", received_on=timezone.localdate(),
                                          legal_basis="publieke_taak", justification="Taak")
    services.information_item_remove(item=item, actor=case.procesregisseur, reason="Verzoek vader van 2-11-2026",
                                      on_request=True)
    assert "schuld" not in _last_event(case, EventKind.RECTIFIED, "Verzoek vader van 2-11-2026").description


def test_erasing_a_person_also_erases_the_earlier_values_that_corrections_kept_on_the_timeline():
    """The timeline keeps a corrected name and removed information whole (above) — until the person asks for
    erasure: then those events keep only what happened, not what was recorded about them (AVG art. 17)."""
    from privacy import services as privacy_services

    case = CaseFactory(intake=True)
    actor = case.procesregisseur
    person = PersonFactory(case=case, first_name="Lote", last_name="Verbeek")
    other = PersonFactory(case=case, first_name="Sem", last_name="Bakker")
    source = InvolvementFactory(case=case)
    item = InformationItem.objects.create(case=case, person=person, source=source, received_on=timezone.localdate(),
                                          content="Verzuimt sinds maart door angstklachten",
                                          legal_basis="publieke_taak", justification="Taak")
    about_other = InformationItem.objects.create(case=case, person=other, source=source, content="Speelt voetbal",
                                                 received_on=timezone.localdate(), legal_basis="publieke_taak",
                                                 justification="Taak")
    services.person_correct(person=person, actor=actor, reason="Typefout", first_name="Lotte")
    services.information_item_correct(item=item, actor=actor, reason="Aangevuld",
                                      content="Verzuimt sinds maart; angstklachten")
    services.information_item_remove(item=item, actor=actor, reason="Hoort bij een andere casus")
    services.information_item_remove(item=about_other, actor=actor, reason="Niet relevant")
    texts = " ".join(CaseEvent.objects.filter(case=case).values_list("description", flat=True))
    assert "Lote" in texts and "angstklachten" in texts and "Speelt voetbal" in texts

    privacy_services.person_erase(person=Person.objects.get(pk=person.pk), actor=actor, reason="Verzoek art. 17")

    events = CaseEvent.objects.filter(case=case)
    texts = " ".join(events.values_list("description", flat=True))
    assert "Lote" not in texts and "Lotte" not in texts and "angstklachten" not in texts
    # What happened stays on the timeline, and what is about someone else is untouched.
    assert events.filter(kind__in=[EventKind.PERSON_CORRECTED, EventKind.INFORMATION_CORRECTED,
                                   EventKind.INFORMATION_REMOVED]).count() == 4
    assert "Speelt voetbal" in texts


def test_a_person_removed_on_request_leaves_no_name_on_the_timeline(client):
    case = CaseFactory(intake=True)
    person = PersonFactory(case=case, first_name="Noor", last_name="Vermeulen")
    client.force_login(case.procesregisseur)
    assert client.post(_url("person_remove", case, person_id=person.pk),
                       {"reason": "Op verzoek van moeder", "on_request": "on"}).status_code == 302
    event = _last_event(case, EventKind.RECTIFIED, "Op verzoek")
    assert "Noor" not in event.description and "Vermeulen" not in event.description
