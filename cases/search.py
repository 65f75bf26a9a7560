"""Search in the case lists: by reference, by the name of a person of the case, by organisation.

Names are compared without case and diacritics, and partly ("zoe" finds Zoë de Vries, "de vr" too):
`Person.search_name` holds the normalised name, and on PostgreSQL a trigram index (pg_trgm, migration
`cases 0011`) serves the `LIKE '%…%'`; SQLite scans. A name only matches in a case whose personal data
the user may see (`view_personal_data`): the region list, which shows no content, searches references
only. Each result says why it matched.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

MAX_QUERY_LENGTH = 100


def normalise(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces, single spaces: "Zoë  d'Vries" → "zoe d vries"."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", folded.lower()).strip()


def case_search_q(value: str, *, user=None, names: bool = True) -> Q:
    """Cases matching `value`: reference, organisation of a party and (with `names`) a person's name.

    `user` limits name matches to the cases whose personal data the user may see.
    """
    from cases.models import Case, Involvement, Person

    value = value.strip()[:MAX_QUERY_LENGTH]
    if not value:
        return Q()
    condition = Q(reference__icontains=value)
    condition |= Q(pk__in=Involvement.objects.filter(organisation__name__icontains=value).values("case_id"))
    needle = normalise(value)
    if names and user is not None and needle:
        readable = Case.objects.visible_to(user, "view_personal_data").values("pk")
        condition |= Q(pk__in=Person.objects.filter(search_name__contains=needle, erased_at__isnull=True,
                                                    case_id__in=readable).values("case_id"))
    return condition


@dataclass(frozen=True)
class Match:
    what: str  # "kenmerk", "naam", "organisatie"
    text: str

    def __str__(self):
        return f"{self.what}: {self.text}"


def match_reasons(cases, value: str, *, readable_ids: set[int], names: bool = True) -> dict[int, list[Match]]:
    """case id → why it matched `value` (two queries for a page of cases, none per row)."""
    from cases.constants import PersonRole
    from cases.models import Involvement, Person

    value = value.strip()[:MAX_QUERY_LENGTH]
    reasons: dict[int, list[Match]] = {case.pk: [] for case in cases}
    if not value or not reasons:
        return reasons
    for case in cases:
        if value.lower() in case.reference.lower():
            reasons[case.pk].append(Match(_("kenmerk"), case.reference))
    needle = normalise(value)
    ids = [pk for pk in reasons if pk in readable_ids]
    if names and needle and ids:
        for person in Person.objects.filter(case_id__in=ids, search_name__contains=needle, erased_at__isnull=True):
            role = PersonRole(person.role).label.lower() if person.role in PersonRole.values else person.role
            reasons[person.case_id].append(Match(_("naam"), f"{person.first_name} {person.last_name} ({role})"))
    for case_id, name in (Involvement.objects.filter(case_id__in=list(reasons), organisation__name__icontains=value)
                          .values_list("case_id", "organisation__name")):
        reasons[case_id].append(Match(_("organisatie"), name))
    return reasons
