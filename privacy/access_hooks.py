"""What privacy adds to the case access policy (registered in `PrivacyConfig.ready()`).

- The sharing ground of a partner: an involvement that rests on consent needs a consent that is
  given, not withdrawn, not expired and covers that organisation; otherwise the partner's access
  ends (`cases.access` asks `consent_ground_check` at every permission sync).
- The sharing log: a contact of an involved party who gets the shared view is a disclosure.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.constants import LegalBasis
from cases.models import Case
from cases.permissions import sync_case_permissions
from privacy.models import Consent
from privacy.services import disclosure_record


def consent_ground_check(case, involvements) -> set[int]:
    """Ids of the involvements whose ground is consent that does not hold today."""
    on_consent = [i for i in involvements if i.sharing_basis == LegalBasis.TOESTEMMING or i.consent_id]
    if not on_consent:
        return set()
    today = timezone.localdate()
    consents = Consent.objects.in_bulk({i.consent_id for i in on_consent if i.consent_id})
    covered = set(
        Consent.organisations.through.objects.filter(consent_id__in=consents.keys()).values_list(
            "consent_id", "organisation_id")
    )
    invalid = set()
    for involvement in on_consent:
        consent = consents.get(involvement.consent_id)
        if consent is None:
            if involvement.sharing_basis == LegalBasis.TOESTEMMING:
                invalid.add(involvement.pk)
            continue
        if not consent.is_valid_on(today) or (consent.pk, involvement.organisation_id) not in covered:
            invalid.add(involvement.pk)
    return invalid


def log_party_contact_access(*, case, role, old, new, actor, subject=None) -> None:
    """The sharing log: the contact of an involved party now sees the part shared with them."""
    if role != "party_contact" or new is None or subject is None:
        return
    disclosure_record(case=case, organisation=subject.organisation, actor=actor,
                      what=_("Toegang voor %(name)s tot het gedeelde deel (overleggen, eigen activiteiten)")
                      % {"name": new.get_full_name()},
                      legal_basis=subject.sharing_basis, consent=subject.consent)


def sync_expired_consents(today=None, *, look_back_days: int = 7) -> int:
    """Partners whose access rested on a consent that expired lately lose it (daily task).

    Looks back a week so a day the task did not run is made good; the nightly reconciliation
    covers anything older. Returns how many cases were re-synced.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=look_back_days)
    expired = Consent.objects.filter(valid_until__lt=today, valid_until__gte=since)
    case_ids = set(expired.values_list("case_id", flat=True))
    for case in Case.objects.filter(pk__in=case_ids).order_by("pk"):
        sync_case_permissions(case)
    return len(case_ids)
