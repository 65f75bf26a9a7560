"""Writes of the privacy app: consents and their withdrawal, the sharing log, erasure on request."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, timeline
from cases.constants import LegalBasis
from cases.models import Case, InformationItem, Involvement, Person
from cases.permissions import sync_case_permissions
from cases.personal_data import CONTACT, Erasure
from notifications.services import notify
from privacy import datamap
from privacy.constants import PrivacyEvent
from privacy.datamap import ERASED
from privacy.models import Consent, Disclosure
from zvh.hooks import Registry
from zvh.models import User


class PrivacyRefused(access.NotAllowed):
    """Not allowed by the privacy rules; the message says why (Dutch)."""


def _event(case, kind, actor, description=""):
    """Consent and sharing events: also on a closed case (a withdrawal can come after closure); not activity."""
    timeline.record(case, kind, actor=actor, description=description, closed_ok=True, touch_case=False)


@transaction.atomic
def consent_record(*, case: Case, actor: User, given_by: Person, organisations, information: str, given_on,
                   valid_until=None) -> Consent:
    """Record a consent of the youth or legal representative, with its scope and validity."""
    access.ensure_writable(case)
    if given_by.case_id != case.pk:
        raise PrivacyRefused(_("Deze persoon hoort niet bij deze casus."))
    if valid_until and valid_until < given_on:
        raise PrivacyRefused(_("De einddatum ligt vóór de datum van toestemming."))
    consent = Consent.objects.create(case=case, given_by=given_by, information=information.strip(),
                                     given_on=given_on, valid_until=valid_until, recorded_by=actor)
    consent.organisations.set(organisations)
    _event(case, PrivacyEvent.CONSENT_RECORDED, actor, str(given_by))
    return consent


@dataclass
class WithdrawalImpact:
    """What a consent covered: the sharing that now lacks a ground."""

    involvements: list
    information_items: list
    disclosures: list

    @property
    def empty(self) -> bool:
        return not (self.involvements or self.information_items or self.disclosures)


def consent_impact(consent: Consent) -> WithdrawalImpact:
    return WithdrawalImpact(
        involvements=list(Involvement.objects.filter(consent=consent).select_related("organisation", "contact_user")),
        information_items=list(InformationItem.objects.filter(consent=consent).select_related("source__organisation")),
        disclosures=list(Disclosure.objects.filter(consent=consent).select_related("organisation")),
    )


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User, withdrawn_on) -> WithdrawalImpact:
    """Record the withdrawal and tell the procesregisseur what sharing it covered, to act on."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on:
        raise PrivacyRefused(_("Deze toestemming is al ingetrokken."))
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    case = consent.case
    impact = consent_impact(consent)
    _event(case, PrivacyEvent.CONSENT_WITHDRAWN, actor, str(consent.given_by or ""))
    # A partner whose access rested on this consent loses it now (cases.access asks privacy's ground check).
    sync_case_permissions(case)
    if case.procesregisseur_id and not impact.empty:
        notify(recipient=case.procesregisseur, case=case, kind="general",
               title=_("Toestemming ingetrokken in %(ref)s: bekijk wat ermee gedeeld werd") % {"ref": case.reference})
    return impact


@transaction.atomic
def involvement_stop_sharing(*, involvement: Involvement, actor: User) -> Involvement:
    """End a partner's access that rested on a withdrawn consent (the contact loses the shared view)."""
    involvement.contact_user = None
    involvement.consent = None
    involvement.save(update_fields=["contact_user", "consent"])
    _event(involvement.case, PrivacyEvent.SHARING_STOPPED, actor, str(involvement.organisation))
    sync_case_permissions(involvement.case)
    return involvement


def disclosure_record(*, case: Case, organisation, what: str, actor: User | None,
                      legal_basis: str = LegalBasis.PUBLIEKE_TAAK, consent: Consent | None = None) -> Disclosure:
    """Write to the sharing log what was given to which organisation, on which ground, by whom."""
    return Disclosure.objects.create(case=case, organisation=organisation, what=what[:300], legal_basis=legal_basis,
                                     consent=consent, by=actor)


def disclosure_once(*, case: Case, key: str, what: str, actor: User | None, organisation=None,
                    recipient: str = "", legal_basis: str = LegalBasis.PUBLIEKE_TAAK,
                    consent: Consent | None = None) -> tuple[Disclosure, bool]:
    """Log that `key` (a document or page) was made available to one party — an organisation, or a
    person without one (`recipient`) — exactly once: a second showing adds nothing. Returns
    (disclosure, created)."""
    party = f"org:{organisation.pk}" if organisation is not None else f"person:{recipient}"[:220]
    existing = Disclosure.objects.filter(case=case, party=party, key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Disclosure.objects.create(
                case=case, organisation=organisation, recipient=recipient[:200], what=what[:300], key=key,
                party=party, legal_basis=legal_basis, consent=consent, by=actor), True
    except IntegrityError:  # the same party was shown it a moment ago, in another request
        return Disclosure.objects.get(case=case, party=party, key=key), False


def disclosures_to_parties(*, case: Case, what: str, actor: User | None) -> list[Disclosure]:
    """A disclosure for every current party of the case, each on the ground of its involvement."""
    return [
        disclosure_record(case=case, organisation=i.organisation, what=what, actor=actor,
                          legal_basis=i.sharing_basis, consent=i.consent)
        for i in case.involvements.filter(is_current=True).select_related("organisation", "consent")
    ]


# Files kept by higher apps (planning's documents) about a person: each cleanup takes the person.
ERASURE_CLEANUPS = Registry()
register_erasure_cleanup = ERASURE_CLEANUPS.register


@transaction.atomic
def person_erase(*, person: Person, actor: User, reason: str) -> Person:
    """Erase a person's personal data on request (where the law allows); aggregates stay.

    Reads the personal-data map (`cases.personal_data`): every field declared `Erasure.CLEAR` is
    blanked on the rows about this person (their own record, information items about them, their
    consents), and the person's names are cut out of every other mapped text of the case
    (`Erasure.SCRUB`: analysis, goals, invitees, the plan-B trigger, notes, lessons …). A row whose
    contact name was the person's loses its other contact details too. The erasure itself is on
    the timeline and in the access log.
    """
    if not reason.strip():
        raise PrivacyRefused(_("Leg vast op grond waarvan de gegevens gewist worden."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise PrivacyRefused(_("De gegevens van deze persoon zijn al gewist."))
    case = person.case
    pattern = datamap.name_pattern(datamap.name_parts(person.first_name, person.last_name))
    for cleanup in ERASURE_CLEANUPS:
        cleanup(person)
    for model_map in datamap.case_maps():
        _erase_in_model(model_map, case, person, pattern)
    Person.objects.filter(pk=person.pk).update(erased_at=timezone.now())
    timeline.record(case, PrivacyEvent.PERSON_ERASED, actor=actor, closed_ok=True,
                    description=datamap.scrub(reason, pattern, ERASED))
    person.refresh_from_db()
    return person


def _erase_in_model(model_map, case, person, pattern) -> None:
    """Blank the person's own rows, scrub the person's names from the others (one model of the map)."""
    erasable = {name: t for name, t in model_map.fields.items() if t.erasure != Erasure.KEEP}
    if not erasable:
        return
    model = datamap.model_of(model_map)
    person_path = model_map.person_id_path()
    columns = ["pk", *erasable] + ([person_path] if person_path and person_path != "pk" else [])
    for row in model.objects.filter(**model_map.case_filter(case)).values(*columns):
        own = person_path is not None and row[person_path] == person.pk
        changes = {}
        for name, treatment in erasable.items():
            if own and treatment.erasure == Erasure.CLEAR:
                changes[name] = datamap.blank_value(model_map, name, ERASED)
            elif isinstance(row[name], str | dict | list | bytes | memoryview):
                scrubbed = datamap.scrub(row[name], pattern, ERASED)
                if scrubbed != row[name]:
                    max_length = getattr(model._meta.get_field(name), "max_length", None)
                    changes[name] = scrubbed[:max_length] if max_length and isinstance(scrubbed, str) else scrubbed
        if any(erasable[name] is CONTACT for name in changes):
            changes.update({name: datamap.blank_value(model_map, name, ERASED)
                            for name, t in erasable.items() if t is CONTACT and name not in changes})
        if changes:
            model.objects.filter(pk=row["pk"]).update(**changes)
