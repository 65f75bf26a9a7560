"""Inzage (AVG art. 15): everything stored about one person, as JSON and as a readable PDF.

`EXPORTERS` names, per model that holds a foreign key to Person, how its rows about the person
are exported. tests/…/test_inzage.py fails when a model with such a key is added and not listed
here, so a new place for personal data cannot be forgotten.
"""

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import InformationItem, Person


def _person(person):
    return [{
        "rol": person.get_role_display(), "voornaam": person.first_name, "achternaam": person.last_name,
        "geboortedatum": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "relatie": person.relation, "bron": str(person.source_organisation or ""), "doel": person.purpose,
        "grondslag": person.get_legal_basis_display(), "onderbouwing": person.basis_justification,
        "vastgelegd_op": person.created_at.isoformat(), "gewist_op": person.erased_at.isoformat()
        if person.erased_at else None,
    }]


def _information_items(person):
    return [{
        "informatie": item.content, "bron": str(item.source.organisation), "ontvangen_op": item.received_on.isoformat(),
        "doel": item.purpose, "grondslag": item.get_legal_basis_display(), "onderbouwing": item.justification,
    } for item in InformationItem.objects.filter(person=person).select_related("source__organisation")]


def _consents(person):
    from privacy.models import Consent

    return [{
        "informatie": c.information, "organisaties": [str(o) for o in c.organisations.all()],
        "gegeven_op": c.given_on.isoformat(), "geldig_tot": c.valid_until.isoformat() if c.valid_until else None,
        "ingetrokken_op": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
    } for c in Consent.objects.filter(given_by=person).prefetch_related("organisations")]


def _meeting_participation(person):
    """Meetings name the youth and parents as invitees by name (no foreign key): matched on the name."""
    from planning.models import MeetingInvitee

    names = {person.first_name, f"{person.first_name} {person.last_name}"}
    return [{
        "overleg": f"{i.meeting.get_kind_display()} {timezone.localtime(i.meeting.starts_at):%d-%m-%Y %H:%M}",
        "naam": i.name, "deelname": i.get_participation_display(),
    } for i in MeetingInvitee.objects.filter(meeting__case_id=person.case_id, name__in=names).select_related("meeting")]


# model label → (section title, exporter). Models with a foreign key to Person must be listed.
EXPORTERS = {
    "cases.Person": ("Persoonsgegevens", _person),
    "cases.InformationItem": ("Informatie over deze persoon", _information_items),
    "privacy.Consent": ("Toestemmingen", _consents),
}
EXTRA_SECTIONS = [("Deelname aan overleggen", _meeting_participation)]


def models_with_person_data() -> set[str]:
    """Every model that points at Person (plus Person itself)."""
    labels = {"cases.Person"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (field.many_to_one or field.one_to_one) and field.concrete and field.related_model is Person:
                labels.add(model._meta.label)
    return labels


def person_export(person: Person) -> dict:
    case = person.case
    sections = {title: exporter(person) for title, exporter in EXPORTERS.values()}
    sections.update({title: exporter(person) for title, exporter in EXTRA_SECTIONS})
    return {
        "inzage": {
            "gemaakt_op": timezone.now().isoformat(), "casus": case.reference, "zvh": case.region.name,
            "toelichting": "Alles wat ZVH Procesregie over deze persoon heeft vastgelegd. De ZVH verwerkt deze "
                           "gegevens namens de partners die ze aanleverden; zij zijn verwerkingsverantwoordelijke.",
        },
        **sections,
    }


def person_export_pdf(person: Person) -> bytes:
    from weasyprint import HTML

    html = render_to_string("privacy/inzage_pdf.html", {"export": person_export(person), "person": person})
    return HTML(string=html).write_pdf()
