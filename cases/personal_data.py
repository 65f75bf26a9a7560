"""The personal-data map: every model field that can hold personal data, declared once.

Each app declares its own models in its `personal_data.py` (`declare(...)` below); the privacy
app loads every app's module in its `AppConfig.ready()` (Django's `autodiscover_modules`, as the
admin does), so this registry never imports a higher app. `zvh` sits below `cases` and cannot
import this module: its fields are declared here, at the bottom.

Inzage (`privacy.inzage`), retention (`privacy.retention`) and erasure on request
(`privacy.services.person_erase`) all read this map and nothing else. A test
(`privacy/tests/test_personal_data_map.py`) fails when a text, char, JSON or file field of any
project model is neither declared here nor listed in `NO_PERSONAL_DATA` with a reason.

How a field is treated:

- **inzage**: exported for a person whose case the row belongs to. A row linked to one person
  (`person=` path) is exported only for that person; other rows of the case for every person in it.
- **retention**: `CLEAR` — blanked when the case is anonymised after its term; `KEEP` — kept, with
  the reason in the treatment (account data, the access log).
- **erasure**: `CLEAR` — blanked on the rows linked to the erased person; `SCRUB` — the person's
  names are cut out of the text wherever it appears in the case; `KEEP` — not case data.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Retention(StrEnum):
    CLEAR = "clear"
    KEEP = "keep"


class Erasure(StrEnum):
    CLEAR = "clear"
    SCRUB = "scrub"
    KEEP = "keep"


@dataclass(frozen=True)
class Treatment:
    """How inzage, retention and erasure handle one kind of field."""

    name: str
    inzage: bool
    retention: Retention
    erasure: Erasure
    why: str = ""


# The person's own identifying data (name, date of birth, relation): out on erasure and retention.
IDENTITY = Treatment("identity", True, Retention.CLEAR, Erasure.CLEAR)
# Text about one person (information items, a consent's scope): cleared for that person, scrubbed elsewhere.
ABOUT_PERSON = Treatment("about_person", True, Retention.CLEAR, Erasure.CLEAR)
# Free text of the case, which may name or describe anyone in it.
CASE_TEXT = Treatment("case_text", True, Retention.CLEAR, Erasure.SCRUB)
# Names and contact details of professionals and the referrer, stored on the case.
CONTACT = Treatment("contact", True, Retention.CLEAR, Erasure.SCRUB)
# Derived from identifying data (the person-known match key): never exported, always cleared.
DERIVED = Treatment("derived", False, Retention.CLEAR, Erasure.CLEAR)
# Internal copies (notification texts, plan snapshots): not exported as such, cleared and scrubbed.
INTERNAL_COPY = Treatment("internal_copy", False, Retention.CLEAR, Erasure.SCRUB)
# Staff accounts: managed by the functioneel beheerder, not case data.
ACCOUNT = Treatment("account", False, Retention.KEEP, Erasure.KEEP,
                    why="Gebruikersaccount van een medewerker; beheerd door de functioneel beheerder, "
                        "niet casusgebonden.")
# The access log (NEN 7513): exported per case in its own inzage section, kept five years, never changed.
AUDIT = Treatment("audit", False, Retention.KEEP, Erasure.KEEP,
                  why="Toegangslog (NEN 7513): minstens vijf jaar bewaard en onveranderbaar; "
                      "bevat gegevens van medewerkers, geen inhoud van de casus.")


@dataclass(frozen=True)
class ModelMap:
    """The personal fields of one model, and how to reach its case and the person a row is about."""

    label: str
    fields: dict[str, Treatment]
    case: str | None  # ORM path to the Case ("" for Case itself, None: not case data)
    person: str | None = None  # ORM path to the Person the row is about ("" for Person itself)
    basis: str | None = None  # field with the row's own legal basis (LegalBasis), if any
    title: str = ""  # section title in the inzage export (defaults to the model's verbose name)
    extra: dict = field(default_factory=dict)

    def case_filter(self, case) -> dict:
        if self.case is None:
            raise ValueError(f"{self.label} is not case data")
        return {"pk": case.pk} if self.case == "" else {self.case: case}

    def case_id_path(self) -> str:
        return "pk" if self.case == "" else f"{self.case}_id"

    def person_id_path(self) -> str | None:
        if self.person is None:
            return None
        return "pk" if self.person == "" else f"{self.person}_id"


_MAP: dict[str, ModelMap] = {}
# label → {field name: why it holds no personal data}. Fields with `choices` need no entry (closed vocabulary).
NO_PERSONAL_DATA: dict[str, dict[str, str]] = {}


def declare(label: str, *, fields: dict[str, Treatment], case: str | None, person: str | None = None,
            basis: str | None = None, title: str = "") -> None:
    """Declare the personal fields of a model (called at import of an app's personal_data.py)."""
    if label in _MAP:
        raise ValueError(f"{label} is declared twice in the personal-data map")
    _MAP[label] = ModelMap(label=label, fields=dict(fields), case=case, person=person, basis=basis, title=title)


def declare_none(label: str, fields: dict[str, str]) -> None:
    """Declare text fields that hold no personal data, each with the reason."""
    NO_PERSONAL_DATA.setdefault(label, {}).update(fields)


def model_maps() -> list[ModelMap]:
    """Every declared model, in declaration order (the order of the inzage export)."""
    return list(_MAP.values())


def model_map(label: str) -> ModelMap | None:
    return _MAP.get(label)


def case_maps() -> list[ModelMap]:
    """The declared models that belong to a case (retention, erasure, inzage)."""
    return [m for m in _MAP.values() if m.case is not None]


# -- cases ------------------------------------------------------------------------------------

declare("cases.Case", case="", title="Aanmelding en casus", fields={
    "reason": CASE_TEXT, "referrer_goal": CASE_TEXT, "triage_explanation": CASE_TEXT, "referred_to": CASE_TEXT,
    "zorgvraag": CASE_TEXT, "close_reason": CASE_TEXT, "referrer_name": CONTACT, "referrer_contact": CONTACT,
})
declare("cases.Person", case="case", person="", basis="legal_basis", title="Persoonsgegevens", fields={
    "first_name": IDENTITY, "last_name": IDENTITY, "date_of_birth": IDENTITY, "relation": IDENTITY,
    "purpose": ABOUT_PERSON, "basis_justification": ABOUT_PERSON, "match_key": DERIVED,
    "search_name": DERIVED,
})
declare("cases.Involvement", case="case", basis="sharing_basis", title="Betrokken partijen", fields={
    "contact_name": CONTACT, "contact_email": CONTACT, "contact_phone": CONTACT, "primary_task": CASE_TEXT,
    "ask_notes": CASE_TEXT,
})
declare("cases.InformationItem", case="case", person="person", basis="legal_basis", title="Informatie", fields={
    "content": ABOUT_PERSON, "purpose": ABOUT_PERSON, "justification": ABOUT_PERSON,
})
declare("cases.CaseStageChange", case="case", title="Faseovergangen", fields={"reason": CASE_TEXT})
# An event about one person (a correction of their data, information about them removed) holds their earlier
# values: erasing that person blanks it; other events have the person's names cut out.
declare("cases.CaseEvent", case="case", person="person", title="Tijdlijn", fields={"description": ABOUT_PERSON})
declare("cases.StandIn", case=None, fields={"reason": ACCOUNT})
declare_none("cases.Case", {"reference": "Kenmerk van de casus (geen persoonsgegeven; ook in de toegangslog)."})
declare_none("cases.CaseEvent", {"kind": "Code van de soort gebeurtenis."})

# -- zvh (cannot import this module; declared here) ---------------------------------------------

declare("zvh.User", case=None, fields={
    "username": ACCOUNT, "first_name": ACCOUNT, "last_name": ACCOUNT, "email": ACCOUNT, "phone": ACCOUNT,
})
declare_none("zvh.User", {"password": "Alleen een hash van het wachtwoord."})
declare_none("zvh.Region", {"code": "Code van de ZVH.", "name": "Naam van de ZVH.",
                            "contact_email": "Functioneel adres van de ZVH.",
                            "contact_phone": "Functioneel nummer van de ZVH."})
declare_none("zvh.Organisation", {"name": "Naam van een organisatie."})
declare_none("zvh.TwoFactorActivation", {"token_hash": "Alleen een hash van een eenmalige activeringscode."})
