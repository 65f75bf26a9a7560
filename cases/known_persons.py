"""The person-known check: is a person of a new aanmelding already known at a ZVH?

Only the region's triage team (its procesregisseurs, in triage) sees the answer — never the
referrer or anybody else, and not even the absence of a hit. A hit in the own region names the
case only if the user may see it; a hit elsewhere says no more than which ZVH knows the person and
how to contact it, never how many cases. Every check is reported to the registered loggers (the
privacy app writes it to the access log as a search) and checks are rate-limited per user.

Matching is on a normalised key: name without case, diacritics, spaces, hyphens or apostrophes,
first and last name in either order, and the same date of birth.
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from zvh.hooks import Registry
from zvh.models import Region


def _normalise(name: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", name or "") if not unicodedata.combining(c))
    return "".join(c for c in folded.lower() if c.isalnum())


def match_key(first_name: str, last_name: str, date_of_birth) -> str:
    """The key on which a person is recognised: normalised names in either order + date of birth."""
    if not date_of_birth:
        return ""
    names = sorted(n for n in (_normalise(first_name), _normalise(last_name)) if n)
    if not names:
        return ""
    return f"{'|'.join(names)}|{date_of_birth:%Y-%m-%d}"


@dataclass(frozen=True)
class KnownPersonHit:
    """One person of the aanmelding known elsewhere: the case (if the user may see it), or only the ZVH."""

    person_label: str
    region: Region
    same_region: bool
    case: object | None = None  # a Case the user may see, in the own region


@dataclass(frozen=True)
class KnownPersonCheck:
    """The outcome of one check: the hits, or that the user checked too often (nothing was looked up)."""

    hits: list
    throttled: bool = False


# logger(*, request, case, user, throttled) is called for every check (the access log).
_LOGGERS = Registry()
register_check_logger = _LOGGERS.register


def may_see_hits(user, case) -> bool:
    """The region's triage team: an active procesregisseur of the case's region, while it is in triage."""
    from cases.constants import CaseStage, TriageDecision

    return bool(
        user.is_authenticated and user.is_active and getattr(user, "is_procesregisseur", False)
        and user.region_id == case.region_id and case.stage == CaseStage.AANMELDING
        and case.triage_decision == TriageDecision.PENDING
    )


def _throttled(user) -> bool:
    """True when the user did more checks in the current hour than KNOWN_PERSON_CHECKS_PER_HOUR.

    Fails closed: without a working cache, no check is done.
    """
    limit = getattr(settings, "KNOWN_PERSON_CHECKS_PER_HOUR", 60)
    key = f"known-person-checks:{user.pk}:{timezone.now():%Y%m%d%H}"
    try:
        cache.add(key, 0, timeout=3600)
        return cache.incr(key) > limit
    except Exception:  # noqa: BLE001 - cache down: refuse rather than become an unthrottled oracle
        return True


def known_person_check(*, case, user, request=None) -> KnownPersonCheck | None:
    """Check the persons of `case` against every ZVH; None for anybody outside the triage team.

    Logged (registered loggers) and rate-limited per user.
    """
    if not may_see_hits(user, case):
        return None
    throttled = _throttled(user)
    if not case.is_practice:  # a practice space (fictitious persons, only its own) is no subject of the log
        for logger in _LOGGERS:
            logger(request=request, case=case, user=user, throttled=throttled)
    if throttled:
        return KnownPersonCheck(hits=[], throttled=True)
    return KnownPersonCheck(hits=_hits(case, user))


def _same_world(case) -> Q:
    """Real cases are checked against real cases only; a practice case against its own practice
    space only (a trainee cannot find out whether a real person is known anywhere)."""
    return Q(case__region_id=case.region_id) if case.is_practice else Q(case__is_practice=False)


def _hits(case, user) -> list[KnownPersonHit]:
    from cases.models import Case, Person

    persons = {p.match_key: p for p in case.persons.all() if p.match_key}
    if not persons:
        return []
    others = list(
        Person.objects.filter(match_key__in=persons.keys(), erased_at__isnull=True)
        .filter(_same_world(case))
        .exclude(case=case)
        .select_related("case__region")
        .order_by("case__region__name", "case_id")[:200]
    )
    visible = set(
        Case.objects.visible_to(user).filter(pk__in={p.case_id for p in others}).values_list("pk", flat=True)
    )
    hits, seen = [], set()
    for other in others:
        same_region = other.case.region_id == case.region_id
        shown_case = other.case if same_region and other.case_id in visible else None
        # One line per person and ZVH (or per case the user may open anyway): never a count of cases.
        key = (other.match_key, other.case.region_id, shown_case.pk if shown_case else None)
        if key in seen:
            continue
        seen.add(key)
        hits.append(KnownPersonHit(person_label=str(persons[other.match_key]), region=other.case.region,
                                   same_region=same_region, case=shown_case))
    return hits
