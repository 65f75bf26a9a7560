"""Inzage (AVG art. 15): everything stored about one person, as JSON and as a readable PDF.

Reads the personal-data map (`cases.personal_data`): every declared field with `inzage` of every
case the person is in (the case of this person record, and cases in the same region where the same
person is known by the match key), each item with its legal basis; rows linked to another person
of the case are left out. Plus the disclosures (verstrekkingen: to which organisation, when, on what
ground) and the access-log entries of those cases (who, when, what) — AVG art. 15(1)(c).
"""

from django.template.loader import render_to_string
from django.utils import timezone

from cases.constants import LegalBasis
from cases.models import Case, Person
from privacy import datamap
from privacy.models import AccessLog, Disclosure

# The ground of the case texts: the ZVH works on behalf of the partners, for procesregie.
CASE_BASIS = "Taak van algemeen belang (art. 6 lid 1 onder e AVG): procesregie namens de partners"
LOG_BASIS = "Wettelijke verplichting (art. 32 AVG, NEN 7513): vastleggen wie persoonsgegevens inzag"


def _value(value):
    if value is None or value in ("", {}, []):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _basis(model_map, row) -> str:
    if model_map.basis and row.get(model_map.basis):
        return str(LegalBasis(row[model_map.basis]).label) if row[model_map.basis] in LegalBasis.values \
            else row[model_map.basis]
    return CASE_BASIS


def _case_items(case: Case, person_ids: set[int]) -> list[dict]:
    """Every mapped text of the case that concerns this person, with its legal basis."""
    items = []
    for model_map in datamap.case_maps():
        names = [name for name, t in model_map.fields.items() if t.inzage]
        if not names:
            continue
        model = datamap.model_of(model_map)
        person_path = model_map.person_id_path()
        columns = ["pk", *names] + [c for c in (person_path, model_map.basis) if c and c != "pk"]
        title = model_map.title or str(model._meta.verbose_name)
        for row in model.objects.filter(**model_map.case_filter(case)).values(*columns).order_by("pk"):
            if person_path is not None and row[person_path] is not None and row[person_path] not in person_ids:
                continue  # about another person of the case
            for name in names:
                value = _value(row[name])
                if value is None:
                    continue
                items.append({"onderdeel": title, "gegeven": str(model._meta.get_field(name).verbose_name),
                              "waarde": value, "grondslag": _basis(model_map, row)})
    return items


def _disclosures(case: Case) -> list[dict]:
    return [{
        "aan": str(d.organisation) if d.organisation_id else d.recipient, "wanneer": d.at.isoformat(), "wat": d.what,
        "grondslag": d.get_legal_basis_display(),
        "toestemming": d.consent.given_on.isoformat() if d.consent_id else None,
    } for d in Disclosure.objects.filter(case=case).select_related("organisation", "consent").order_by("at", "pk")]


def _access_log(case: Case) -> list[dict]:
    return [{
        "wanneer": e.at.isoformat(), "wie": e.username, "functie": e.user_function,
        "organisatie": e.user_organisation, "namens": e.on_behalf_of, "wat": e.get_event_display(),
        "uitkomst": e.get_outcome_display(), "pagina": e.path, "grondslag": LOG_BASIS,
    } for e in AccessLog.objects.filter(case_id=case.pk).order_by("at", "pk")]


def same_person_records(person: Person):
    """This person's records: this one, and the same person (match key) in other cases of the region."""
    records = Person.objects.filter(pk=person.pk)
    if person.match_key:
        records = records | Person.objects.filter(match_key=person.match_key, case__region_id=person.case.region_id)
    return records.select_related("case__region").order_by("case_id", "pk")


def person_export(person: Person) -> dict:
    """The inzage export of one person: their data and every text of their cases, with its ground."""
    records = list(same_person_records(person))
    person_ids = {p.pk for p in records}
    cases = {p.case_id: p.case for p in records}
    return {
        "inzage": {
            "gemaakt_op": timezone.now().isoformat(), "casus": person.case.reference, "zvh": person.case.region.name,
            "toelichting": "Alles wat ZVH Procesregie over deze persoon heeft vastgelegd: de gegevens zelf, alle "
                           "teksten van de casussen waarin de persoon voorkomt, aan wie gegevens zijn verstrekt en "
                           "wie ze heeft ingezien, elk met de grondslag. De ZVH verwerkt deze gegevens namens de "
                           "partners die ze aanleverden; zij zijn verwerkingsverantwoordelijke.",
        },
        "casussen": [{
            "kenmerk": case.reference, "zvh": case.region.name, "fase": case.get_stage_display(),
            "gegevens": _case_items(case, person_ids),
            "verstrekkingen": _disclosures(case),
            "toegangslog": _access_log(case),
        } for case in cases.values()],
    }


def person_export_pdf(person: Person) -> bytes:
    from weasyprint import HTML

    html = render_to_string("privacy/inzage_pdf.html", {"export": person_export(person), "person": person})
    return HTML(string=html).write_pdf()
