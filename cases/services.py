"""Writes on cases: registration, triage, intake, assignment and the stage machine."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import workflow
from cases.constants import CaseStage, EventKind, TriageDecision
from cases.models import (
    Case,
    CaseEvent,
    CaseStageChange,
    InformationItem,
    Involvement,
    Person,
    person_match_key,
)
from cases.permissions import sync_case_permissions
from zvh.models import Region, User


class StaleEdit(Exception):
    """Someone else saved the record after this form was loaded (optimistic locking)."""


class NotAllowed(Exception):
    """The actor may not do this (for example: assign a user of another region)."""


def _touch(case: Case, *, now=None) -> None:
    """Record activity on the case (resets the stagnation clock)."""
    now = now or timezone.now()
    Case.objects.filter(pk=case.pk).update(last_activity_at=now)
    case.last_activity_at = now


def _event(case: Case, kind: str, actor: User | None, description: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, description=description[:300])


def _next_reference(region: Region, year: int) -> tuple[int, str]:
    # Lock the region row so two registrations in one region never get the same number.
    Region.objects.select_for_update().filter(pk=region.pk).first()
    last = Case.objects.filter(region=region, year=year).aggregate(m=Max("number"))["m"] or 0
    number = last + 1
    return number, f"ZVH-{region.code}-{year}-{number:04d}"


@transaction.atomic
def case_register(
    *,
    actor: User,
    region: Region,
    reason: str,
    referrer_goal: str,
    urgency: str,
    referrer_organisation=None,
    referrer_name: str = "",
    referrer_contact: str = "",
    persons: list[dict] = (),
    parties: list[dict] = (),
    legal_basis: str = "publieke_taak",
    basis_justification: str = "",
) -> Case:
    """Register an aanmelding for the region's ZVH team to triage.

    `persons` are dicts of Person fields; `parties` dicts of Involvement fields (the parties the
    referrer wants invited). Grants the referrer sight of the outcome and the region's team the
    triage; writes the registration to the timeline.
    """
    now = timezone.now()
    number, reference = _next_reference(region, now.year)
    case = Case.objects.create(
        region=region,
        year=now.year,
        number=number,
        reference=reference,
        reason=reason,
        referrer_goal=referrer_goal,
        urgency=urgency,
        referred_by=actor,
        referrer_organisation=referrer_organisation or actor.organisation,
        referrer_name=referrer_name or actor.get_full_name(),
        referrer_contact=referrer_contact or actor.email,
        opened_at=now,
        stage_entered_at=now,
        last_activity_at=now,
    )
    for person in persons:
        # The referring partner is the source and controller of what it brings in.
        Person.objects.create(case=case, source_organisation=case.referrer_organisation, legal_basis=legal_basis,
                              basis_justification=basis_justification, **person)
    for party in parties:
        Involvement.objects.create(case=case, to_invite=True, **party)
    _event(case, EventKind.REGISTERED, actor)
    sync_case_permissions(case)
    return case


@dataclass(frozen=True)
class KnownPersonHit:
    person_label: str
    case: Case | None  # only when the user may see that case
    region: Region
    same_region: bool


def known_person_hits(*, case: Case, user: User) -> list[KnownPersonHit]:
    """Persons of `case` who appear in other cases (same name and date of birth).

    Within the region, the hit names the case only to those allowed to see it; in another
    region it says no more than which ZVH knows the person and how to contact it.
    """
    persons = {p.match_key: p for p in case.persons.all() if p.match_key}
    if not persons:
        return []
    others = (
        Person.objects.filter(match_key__in=persons.keys())
        .exclude(case=case)
        .select_related("case__region")
        .order_by("case__region__name", "case__reference")
    )
    others = list(others[:50])
    visible = set(
        Case.objects.visible_to(user).filter(pk__in={p.case_id for p in others}).values_list("pk", flat=True)
    )
    hits, seen = [], set()
    for other in others:
        same_region = other.case.region_id == case.region_id
        key = (other.match_key, other.case_id if same_region else other.case.region_id)
        if key in seen:
            continue
        seen.add(key)
        hits.append(
            KnownPersonHit(
                person_label=str(persons[other.match_key]),
                case=other.case if other.case_id in visible else None,
                region=other.case.region,
                same_region=same_region,
            )
        )
    return hits


@transaction.atomic
def case_triage(
    *,
    case: Case,
    actor: User,
    decision: str,
    explanation: str,
    referred_to: str = "",
    procesregisseur: User | None = None,
) -> Case:
    """Record the team's triage decision; the referrer sees it with its explanation.

    Accepted: the case moves to intake (and gets its procesregisseur when one is named).
    Declined or referred elsewhere: the case is closed with the explanation as reason.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.stage != CaseStage.AANMELDING:
        raise workflow.TransitionRefused([_("deze aanmelding is al getrieerd")])
    case.triage_decision = decision
    case.triage_explanation = explanation
    case.referred_to = referred_to if decision == TriageDecision.REFERRED else ""
    case.triaged_at = timezone.now()
    case.triaged_by = actor
    case.save(update_fields=["triage_decision", "triage_explanation", "referred_to", "triaged_at",
                             "triaged_by", "updated_at"])
    _event(case, EventKind.TRIAGED, actor, TriageDecision(decision).label)
    if decision == TriageDecision.ACCEPTED:
        if procesregisseur is not None:
            case_assign(case=case, procesregisseur=procesregisseur, actor=actor)
        case_transition(case=case, to=CaseStage.INTAKE, actor=actor, reason=explanation)
    else:
        case_transition(case=case, to=CaseStage.CLOSED, actor=actor,
                        reason=explanation or TriageDecision(decision).label)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_transition(*, case: Case, to: str, actor: User, reason: str = "") -> CaseStageChange:
    """Move the case to stage `to`; raise TransitionRefused naming every unmet condition."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    workflow.check(case, to, reason)
    now = timezone.now()
    change = CaseStageChange.objects.create(
        case=case, from_stage=case.stage, to_stage=to, actor=actor, reason=reason.strip(), created_at=now
    )
    case.stage = to
    case.stage_entered_at = now
    case.last_activity_at = now
    fields = ["stage", "stage_entered_at", "last_activity_at", "updated_at"]
    if to == CaseStage.CLOSED:
        case.closed_at = now
        case.close_reason = reason.strip()
        fields += ["closed_at", "close_reason"]
    case.save(update_fields=fields)
    sync_case_permissions(case)
    if to == CaseStage.MONITORING:
        from monitoring.services import monitoring_start

        monitoring_start(case=case, actor=actor)
    return change


def _check_colleague(procesregisseur: User, case_region_id: int) -> None:
    if not (procesregisseur.is_procesregisseur and procesregisseur.is_active
            and procesregisseur.region_id == case_region_id):
        raise NotAllowed(_("Alleen een actieve procesregisseur van deze regio kan de casus krijgen."))


@transaction.atomic
def case_assign(*, case: Case, procesregisseur: User, actor: User) -> Case:
    """Make `procesregisseur` (a colleague in the case's region) the case's procesregisseur.

    Grants them the case's permissions and revokes those of the previous procesregisseur.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_colleague(procesregisseur, case.region_id)
    if case.procesregisseur_id == procesregisseur.pk:
        return case
    case.procesregisseur = procesregisseur
    case.version += 1
    case.save(update_fields=["procesregisseur", "version", "updated_at"])
    _event(case, EventKind.ASSIGNED, actor, procesregisseur.get_full_name())
    sync_case_permissions(case)
    return case


@transaction.atomic
def caseload_reassign(*, cases, to: User, actor: User) -> int:
    """Hand several cases (a colleague's caseload, or a selection) to `to` at once.

    Returns how many cases changed hands. Each case gets its own timeline event and
    permission sync; closed cases are left alone.
    """
    count = 0
    for case in cases.exclude(stage=CaseStage.CLOSED).select_related(None).order_by("pk"):
        if case.procesregisseur_id != to.pk:
            case_assign(case=case, procesregisseur=to, actor=actor)
            count += 1
    return count


@transaction.atomic
def case_update_intake(*, case: Case, actor: User, expected_version: int, zorgvraag: str, urgency: str) -> Case:
    """Save the zorgvraag and urgency; refuse (StaleEdit) when someone saved in between."""
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        zorgvraag=zorgvraag, urgency=urgency, version=expected_version + 1,
        last_activity_at=timezone.now(), updated_at=timezone.now(),
    )
    if not updated:
        raise StaleEdit
    case.refresh_from_db()
    _event(case, EventKind.INTAKE_UPDATED, actor)
    return case


@transaction.atomic
def person_add(*, case: Case, actor: User, **fields) -> Person:
    """Add a youth or family member to the case."""
    person = Person.objects.create(case=case, **fields)
    _event(case, EventKind.PERSON_ADDED, actor, person.get_role_display())
    _touch(case)
    return person


@transaction.atomic
def involvement_add(*, case: Case, actor: User, **fields) -> Involvement:
    """Record a party involved in the case; a contact who is a user gets the partner's view."""
    involvement = Involvement.objects.create(case=case, **fields)
    _event(case, EventKind.PARTY_ADDED, actor, str(involvement.organisation))
    _touch(case)
    sync_case_permissions(case)
    if involvement.contact_user_id:
        _log_partner_access(involvement, actor)
    return involvement


def _log_partner_access(involvement: Involvement, actor: User) -> None:
    """The sharing log: the partner's contact now sees the parts shared with their organisation."""
    from privacy.services import disclosure_record

    disclosure_record(case=involvement.case, organisation=involvement.organisation, actor=actor,
                      what=_("Toegang voor %(name)s tot het gedeelde deel (overleggen, eigen activiteiten)")
                      % {"name": involvement.contact_user.get_full_name()},
                      legal_basis=involvement.sharing_basis, consent=involvement.consent)


@transaction.atomic
def involvement_update(*, involvement: Involvement, actor: User, **fields) -> Involvement:
    had_contact = involvement.contact_user_id
    for name, value in fields.items():
        setattr(involvement, name, value)
    involvement.save(update_fields=list(fields))
    _touch(involvement.case)
    sync_case_permissions(involvement.case)
    if involvement.contact_user_id and involvement.contact_user_id != had_contact:
        _log_partner_access(involvement, actor)
    return involvement


@transaction.atomic
def information_item_add(*, case: Case, actor: User, **fields) -> InformationItem:
    """Record what was learned, from which party and on which legal basis."""
    item = InformationItem.objects.create(case=case, recorded_by=actor, **fields)
    _event(case, EventKind.INFORMATION_ADDED, actor, str(item.source))
    _touch(case)
    return item


__all__ = [
    "NotAllowed",
    "StaleEdit",
    "case_assign",
    "case_register",
    "case_transition",
    "case_triage",
    "case_update_intake",
    "caseload_reassign",
    "information_item_add",
    "involvement_add",
    "involvement_update",
    "known_person_hits",
    "person_add",
    "person_match_key",
]
