"""Inzage (AVG art. 15): everything stored about one person, as JSON and as a readable PDF.

The PDF is what a citizen reads: plain Dutch labels, dates in Dutch style ("1 december 2026, 14:05")
and a sentence per part that says what it is. The JSON is for systems: snake_case Dutch keys
throughout, every moment in ISO 8601 (local time with its offset, dates as YYYY-MM-DD), and a
`schema_versie`; privacy/inzage.schema.json describes it (README: "Inzage").

Reads the personal-data map (`cases.personal_data`): every declared field with `inzage` of every
case the person is in (the case of this person record, and cases in the same region where the same
person is known by the match key), each item with its legal basis; rows linked to another person
of the case are left out. Plus the disclosures (verstrekkingen: to which organisation, when, on what
ground) and the access-log entries of those cases (who, when, what) — AVG art. 15(1)(c).
"""

import datetime
import re

from django.template.loader import render_to_string
from django.utils import formats, timezone

from cases.constants import LegalBasis
from cases.models import Case, Person
from privacy import datamap
from privacy.models import AccessLog, Disclosure

# The ground of the case texts: the ZVH works on behalf of the partners, for procesregie.
CASE_BASIS = "Taak van algemeen belang (art. 6 lid 1 onder e AVG): procesregie namens de partners"
LOG_BASIS = "Wettelijke verplichting (art. 32 AVG, NEN 7513): vastleggen wie persoonsgegevens inzag"

ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")

# The version of the JSON layout (privacy/inzage.schema.json). Raise it when a key changes.
SCHEMA_VERSION = 2
SCHEMA_FILE = "inzage.schema.json"

# Plain Dutch for fields whose model gives no Dutch label (the citizen never sees a field name).
PLAIN_LABELS = {
    ("closeout.CloseOut", "care_organised_explanation"): "toelichting: de nodige zorg is geregeld",
    ("closeout.CloseOut", "family_self_reliant_explanation"): "toelichting: het gezin kan het zelf",
    ("closeout.CloseOut", "regie_handed_over_explanation"): "toelichting: de regie is overgedragen",
}

# What each part of the document means, for the citizen who reads it.
PART_EXPLANATIONS = {
    "gegevens": "Alles wat over u of uw gezin in deze casus is opgeschreven, met de reden (grondslag) waarom "
                "dat mocht.",
    "verstrekkingen": "Aan welke organisaties gegevens uit deze casus zijn gegeven, wanneer, wat en waarom.",
    "toegangslog": "Wie de gegevens van deze casus heeft bekeken of gedownload, en wanneer. Dit wordt "
                   "bijgehouden zodat te controleren is dat alleen bevoegde mensen meekeken.",
}


def _iso(value) -> str:
    """ISO 8601: a moment in local time with its offset (seconds), a date as YYYY-MM-DD."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _value(value):
    if value is None or value in ("", {}, []):
        return None
    if isinstance(value, datetime.date):
        return _iso(value)
    return value


def _label(model_map, model, name: str) -> str:
    return PLAIN_LABELS.get((model_map.label, name)) or str(model._meta.get_field(name).verbose_name)


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
                items.append({"onderdeel": title, "gegeven": _label(model_map, model, name),
                              "waarde": value, "grondslag": _basis(model_map, row)})
    return items


def _disclosures(case: Case) -> list[dict]:
    return [{
        "aan": str(d.organisation), "wanneer": _iso(d.at), "wat": d.what,
        "grondslag": d.get_legal_basis_display(),
        "toestemming": _iso(d.consent.given_on) if d.consent_id else None,
    } for d in Disclosure.objects.filter(case=case).select_related("organisation", "consent").order_by("at", "pk")]


def _function_label(code: str) -> str:
    from zvh.constants import Function

    return str(Function(code).label) if code in Function.values else code


def _access_log(case: Case) -> list[dict]:
    return [{
        "wanneer": _iso(e.at), "wie": e.username, "functie": _function_label(e.user_function),
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
        "schema_versie": SCHEMA_VERSION,
        "schema": SCHEMA_FILE,
        "inzage": {
            "gemaakt_op": _iso(timezone.now()), "casus": person.case.reference, "zvh": person.case.region.name,
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
    from zvh.pdf import render_pdf

    html = render_to_string("privacy/inzage_pdf.html", {"export": readable(person_export(person)),
                                                        "explanations": PART_EXPLANATIONS, "log_basis": LOG_BASIS,
                                                        "person": person})
    return render_pdf(html)


def _dutch(value) -> str:
    """A value of the export as a citizen reads it: dates in Dutch style, yes/no, lists on lines."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        if not ISO_MOMENT.match(value):
            return value
        moment = datetime.datetime.fromisoformat(value)
        if len(value) == 10:  # a date
            return formats.date_format(moment.date(), "j F Y")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return formats.date_format(timezone.localtime(moment), "j F Y, H:i")
    if isinstance(value, dict):
        return "; ".join(f"{str(k).replace('_', ' ')}: {_dutch(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_dutch(v) for v in value)
    return str(value)


def readable(export: dict) -> dict:
    """The export with every value as the PDF shows it (Dutch dates; nothing in ISO or as a field name)."""
    def convert(rows):
        return [{key: _dutch(value) for key, value in row.items()} for row in rows]

    return {
        **export,
        "inzage": {**export["inzage"], "gemaakt_op": _dutch(export["inzage"]["gemaakt_op"])},
        "casussen": [{**case, "gegevens": convert(case["gegevens"]), "verstrekkingen": convert(case["verstrekkingen"]),
                      "toegangslog": convert(case["toegangslog"])} for case in export["casussen"]],
    }
