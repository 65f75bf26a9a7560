"""Writes on cases: registration, triage, intake, assignment and the stage machine."""


from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, hooks, timeline, workflow
from cases.constants import CaseStage, EventKind, TriageDecision
from cases.models import (
    Case,
    CaseStageChange,
    InformationItem,
    Involvement,
    Person,
    StandIn,
    person_match_key,
)
from cases.permissions import sync_case_permissions, sync_cases_of
from zvh.models import Region, User


class StaleEdit(Exception):
    """Someone else saved the record after this form was loaded (optimistic locking)."""


NotAllowed = access.NotAllowed


def _next_reference(region: Region, year: int) -> tuple[int, str]:
    # Lock the region row so two registrations in one region never get the same number.
    Region.all_objects.select_for_update().filter(pk=region.pk).first()
    last = Case.objects.filter(region=region, year=year).aggregate(m=Max("number"))["m"] or 0
    number = last + 1
    prefix = "OEFEN" if region.is_practice else "ZVH"
    return number, f"{prefix}-{region.code}-{year}-{number:04d}"


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
        is_practice=region.is_practice,
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
    timeline.record(case, EventKind.REGISTERED, actor=actor)
    sync_case_permissions(case)
    return case


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
    if procesregisseur is not None and not access.is_eligible(procesregisseur, access.Relation.PROCESREGISSEUR,
                                                               case.region_id):
        raise NotAllowed(_("Alleen een actieve procesregisseur van deze regio kan de casus krijgen."))
    case.triage_decision = decision
    case.triage_explanation = explanation
    case.referred_to = referred_to if decision == TriageDecision.REFERRED else ""
    case.triaged_at = timezone.now()
    case.triaged_by = actor
    case.save(update_fields=["triage_decision", "triage_explanation", "referred_to", "triaged_at",
                             "triaged_by", "updated_at"])
    timeline.record(case, EventKind.TRIAGED, actor=actor, description=TriageDecision(decision).label)
    if decision == TriageDecision.ACCEPTED:
        if procesregisseur is not None:
            case_assign(case=case, procesregisseur=procesregisseur, actor=actor, reason=_("Toegewezen bij de triage"))
        case_transition(case=case, to=CaseStage.INTAKE, actor=actor, reason=explanation)
    else:
        case_transition(case=case, to=CaseStage.CLOSED, actor=actor,
                        reason=explanation or TriageDecision(decision).label)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_transition(*, case: Case, to: str, actor: User, reason: str = "") -> CaseStageChange:
    """Move the case to stage `to`; raise TransitionRefused naming every unmet condition.

    Closing ends every write right and the access of partners and the casusregisseur (the
    permission sync follows the policy of `cases.access`); the hooks of the stage entered run in
    the same transaction (entering monitoring schedules the first check-in).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    workflow.check(case, to, reason)  # a closed case has no step left in the table
    now = timezone.now()
    entered_at = (case.stage_changes.order_by("-created_at", "-pk").values_list("created_at", flat=True).first()
                  or case.opened_at)
    change = CaseStageChange.objects.create(
        case=case, from_stage=case.stage, to_stage=to, actor=actor, reason=reason.strip(), created_at=now,
        entered_at=entered_at,
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
    workflow.stage_entered(case, actor)
    return change


@transaction.atomic
def case_assign(*, case: Case, procesregisseur: User, actor: User, reason: str) -> Case:
    """Make `procesregisseur` (an eligible colleague in the case's region) the case's procesregisseur.

    Only open cases, only with a reason. Grants them the case's permissions, revokes those of the
    previous procesregisseur, records the reason on the timeline and runs the role-changed hooks
    (the previous procesregisseur is told; open escalations and reminders move along).
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("procesregisseur").get(pk=case.pk)
    if not access.is_writable(case):
        raise access.CaseReadOnly
    if not access.is_eligible(procesregisseur, access.Relation.PROCESREGISSEUR, case.region_id):
        raise NotAllowed(_("Alleen een actieve procesregisseur van deze regio kan de casus krijgen."))
    if not reason.strip():
        raise NotAllowed(_("Geef een reden voor de toewijzing."))
    if case.procesregisseur_id == procesregisseur.pk:
        return case
    previous = case.procesregisseur
    case.procesregisseur = procesregisseur
    case.version += 1
    case.save(update_fields=["procesregisseur", "version", "updated_at"])
    timeline.record(case, EventKind.ASSIGNED, actor=actor,
                    description=_("%(name)s; reden: %(reason)s") % {"name": procesregisseur.get_full_name(),
                                                                   "reason": reason.strip()})
    sync_case_permissions(case)
    hooks.role_changed(case=case, role="procesregisseur", old=previous, new=procesregisseur, actor=actor)
    return case


@transaction.atomic
def caseload_reassign(*, cases, to: User, actor: User, reason: str) -> int:
    """Hand several cases (a colleague's caseload, or a selection) to `to` at once.

    Returns how many cases changed hands. Each case gets its own timeline event, permission sync
    and notification of the previous procesregisseur; closed cases are left alone.
    """
    count = 0
    for case in cases.exclude(stage=CaseStage.CLOSED).filter(anonymised_at__isnull=True).order_by("pk"):
        if case.procesregisseur_id != to.pk:
            case_assign(case=case, procesregisseur=to, actor=actor, reason=reason)
            count += 1
    return count


@transaction.atomic
def stand_in_set(*, absent: User, stand_in: User, starts_on, ends_on, reason: str, actor: User) -> StandIn:
    """Name `stand_in` as waarnemer for `absent` from `starts_on` through `ends_on`.

    Either the absent procesregisseur names a colleague, or the region's manager does it for them.
    The stand-in gets the procesregisseur's access to every case of the absent one during the
    period (the hourly task starts and ends it); the period is on the timeline of each open case.
    """
    region_id = absent.region_id
    if not (actor.pk == absent.pk or (actor.is_manager and actor.region_id == region_id and actor.is_active)):
        raise NotAllowed(_("Alleen de procesregisseur zelf of de manager van de regio regelt een waarneming."))
    if not access.is_eligible(absent, access.Relation.PROCESREGISSEUR, region_id):
        raise NotAllowed(_("Waarneming kan alleen voor een procesregisseur van de regio."))
    if stand_in.pk == absent.pk or not access.is_eligible(stand_in, access.Relation.STAND_IN, region_id):
        raise NotAllowed(_("De waarnemer moet een andere actieve procesregisseur van dezelfde regio zijn."))
    if ends_on < starts_on:
        raise NotAllowed(_("De einddatum ligt voor de begindatum."))
    if not reason.strip():
        raise NotAllowed(_("Geef een reden voor de waarneming."))
    record = StandIn.objects.create(region_id=region_id, absent=absent, stand_in=stand_in, starts_on=starts_on,
                                    ends_on=ends_on, reason=reason.strip(), created_by=actor)
    description = _("%(who)s neemt waar voor %(absent)s van %(from)s t/m %(to)s (%(reason)s)") % {
        "who": stand_in.get_full_name(), "absent": absent.get_full_name(), "from": f"{starts_on:%d-%m-%Y}",
        "to": f"{ends_on:%d-%m-%Y}", "reason": record.reason}
    for case in Case.objects.filter(procesregisseur=absent, anonymised_at__isnull=True).exclude(
            stage=CaseStage.CLOSED):
        timeline.record(case, EventKind.STAND_IN_SET, actor=actor, description=description, touch_case=False)
    if record.is_current():
        sync_cases_of([absent.pk])
        StandIn.objects.filter(pk=record.pk).update(applied_start=True)
    hooks.stand_in_changed(record=record, actor=actor, ended=False)
    return record


@transaction.atomic
def stand_in_end(*, record: StandIn, actor: User) -> StandIn:
    """End a stand-in period early (the absent one is back); the access ends at once."""
    if not (actor.pk in (record.absent_id, record.stand_in_id)
            or (actor.is_manager and actor.region_id == record.region_id)):
        raise NotAllowed(_("Alleen de betrokken procesregisseurs of de manager beëindigen een waarneming."))
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.applied_end = True
        record.save(update_fields=["revoked_at", "applied_end"])
        for case in Case.objects.filter(procesregisseur_id=record.absent_id, anonymised_at__isnull=True).exclude(
                stage=CaseStage.CLOSED):
            timeline.record(case, EventKind.STAND_IN_ENDED, actor=actor, description=str(record), touch_case=False)
        sync_cases_of([record.absent_id])
        hooks.stand_in_changed(record=record, actor=actor, ended=True)
    return record


@transaction.atomic
def case_update_intake(*, case: Case, actor: User, expected_version: int, zorgvraag: str, urgency: str) -> Case:
    """Save the zorgvraag and urgency; refuse (StaleEdit) when someone saved in between."""
    access.ensure_writable(case)
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        zorgvraag=zorgvraag, urgency=urgency, version=expected_version + 1,
        last_activity_at=timezone.now(), updated_at=timezone.now(),
    )
    if not updated:
        raise StaleEdit
    case.refresh_from_db()
    timeline.record(case, EventKind.INTAKE_UPDATED, actor=actor)
    return case


@transaction.atomic
def person_add(*, case: Case, actor: User, **fields) -> Person:
    """Add a youth or family member to the case."""
    person = Person.objects.create(case=case, **fields)
    timeline.record(case, EventKind.PERSON_ADDED, actor=actor, description=person.get_role_display())
    return person


@transaction.atomic
def involvement_add(*, case: Case, actor: User, **fields) -> Involvement:
    """Record a party involved in the case; a contact who is a user gets the partner's view."""
    involvement = Involvement.objects.create(case=case, **fields)
    timeline.record(case, EventKind.PARTY_ADDED, actor=actor, description=str(involvement.organisation))
    sync_case_permissions(case)
    if involvement.contact_user_id:
        hooks.role_changed(case=case, role="party_contact", old=None, new=involvement.contact_user, actor=actor,
                           subject=involvement)
    return involvement


@transaction.atomic
def involvement_update(*, involvement: Involvement, actor: User, **fields) -> Involvement:
    """Change what is recorded about an involved party (contact, still involved, ground); the
    partner's access follows at once."""
    previous_contact = involvement.contact_user
    for name, value in fields.items():
        setattr(involvement, name, value)
    involvement.save(update_fields=list(fields))
    timeline.record(involvement.case, EventKind.PARTY_UPDATED, actor=actor, description=str(involvement.organisation))
    sync_case_permissions(involvement.case)
    if involvement.contact_user_id != getattr(previous_contact, "pk", None):
        hooks.role_changed(case=involvement.case, role="party_contact", old=previous_contact,
                           new=involvement.contact_user, actor=actor, subject=involvement)
    return involvement


@transaction.atomic
def information_item_add(*, case: Case, actor: User, **fields) -> InformationItem:
    """Record what was learned, from which party and on which legal basis."""
    item = InformationItem.objects.create(case=case, recorded_by=actor, **fields)
    timeline.record(case, EventKind.INFORMATION_ADDED, actor=actor, description=str(item.source))
    return item


# -- corrections after the intake ---------------------------------------------------------------


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value)  # whole: the timeline keeps the earlier value, not its first words


def _changes(instance, fields: dict) -> list[str]:
    """"label: old → new" for each field whose value changes (read before the save)."""
    changes = []
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new:
            field = instance._meta.get_field(name)
            changes.append(f"{field.verbose_name}: {_shown(old)} → {_shown(new)}")
    return changes


def _record_correction(case, kind, *, actor, what: str, changes: list[str], reason: str, on_request: bool,
                       person_id: int | None = None):
    """One timeline event with the earlier values and the reason; a rectification on request is its own
    kind (AVG art. 16), so the procesregisseur can show what was rectified, when and why. `person_id`: the
    person the earlier values are about — erasing that person blanks the event (cases.personal_data)."""
    if not reason.strip():
        raise NotAllowed(_("Geef de reden van de correctie."))
    removal = kind in (EventKind.PERSON_REMOVED, EventKind.PARTY_REMOVED, EventKind.INFORMATION_REMOVED)
    detail = "; ".join(changes) if changes else (_("verwijderd") if removal else _("niets gewijzigd"))
    description = _("%(what)s — %(detail)s — reden: %(reason)s") % {"what": what, "detail": detail,
                                                                     "reason": reason.strip()}
    timeline.record(case, EventKind.RECTIFIED if on_request else kind, actor=actor, description=description,
                    person_id=person_id)


@transaction.atomic
def person_correct(*, person: Person, actor: User, reason: str, on_request: bool = False, **fields) -> Person:
    """Correct what is recorded about a person (name, date of birth, role, relation, provenance).

    The earlier values and the reason go to the timeline; `on_request` records it as a rectification.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    access.ensure_writable(person.case)
    if person.erased_at:
        raise NotAllowed(_("De gegevens van deze persoon zijn gewist; er valt niets meer te corrigeren."))
    changes = _changes(person, fields)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save(update_fields=list(fields))
    _record_correction(person.case, EventKind.PERSON_CORRECTED, actor=actor, what=person.get_role_display(),
                       changes=changes, reason=reason, on_request=on_request, person_id=person.pk)
    return person


@transaction.atomic
def person_remove(*, person: Person, actor: User, reason: str, on_request: bool = False) -> None:
    """Remove a person recorded by mistake; information about them stays, without the link to them.

    Refused while the person gave a consent (withdraw or correct that first): its provenance would be lost.
    """
    access.ensure_writable(person.case)
    if person.consents.exists():
        raise NotAllowed(_("Deze persoon gaf een toestemming. Trek die eerst in (onder Privacy) of corrigeer de "
                           "persoon in plaats van hem of haar te verwijderen."))
    case = person.case
    # Recorded by mistake (a duplicate): the name says which one went. Removed on request: the name goes too.
    what = person.get_role_display() if on_request else f"{person.get_role_display()} {person.first_name} " \
                                                        f"{person.last_name}"
    Person.objects.filter(pk=person.pk).delete()
    _record_correction(case, EventKind.PERSON_REMOVED, actor=actor, what=what, changes=[], reason=reason,
                       on_request=on_request)


@transaction.atomic
def involvement_correct(*, involvement: Involvement, actor: User, reason: str, on_request: bool = False,
                        **fields) -> Involvement:
    """Correct a party (organisation, contact, what to ask, ground); the partner's access follows at once."""
    # Read again: a bound ModelForm has already put the new values on the instance it was given.
    involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
    access.ensure_writable(involvement.case)
    changes = _changes(involvement, fields)
    previous_contact = involvement.contact_user
    for name, value in fields.items():
        setattr(involvement, name, value)
    involvement.save(update_fields=list(fields))
    sync_case_permissions(involvement.case)
    if involvement.contact_user_id != getattr(previous_contact, "pk", None):
        hooks.role_changed(case=involvement.case, role="party_contact", old=previous_contact,
                           new=involvement.contact_user, actor=actor, subject=involvement)
    _record_correction(involvement.case, EventKind.PARTY_UPDATED, actor=actor, what=str(involvement.organisation),
                       changes=changes, reason=reason, on_request=on_request)
    return involvement


@transaction.atomic
def involvement_remove(*, involvement: Involvement, actor: User, reason: str, on_request: bool = False) -> None:
    """Remove a party recorded by mistake; its contact loses access at once.

    Refused while information from this party is recorded: correct or remove that first, or mark the party
    as no longer involved.
    """
    case = involvement.case
    access.ensure_writable(case)
    if involvement.information_items.exists():
        raise NotAllowed(_("Van deze partij is informatie vastgelegd. Corrigeer of verwijder die eerst, of zet de "
                           "partij op ‘eerder betrokken’."))
    contact = involvement.contact_user
    what = str(involvement.organisation)
    Involvement.objects.filter(pk=involvement.pk).delete()
    _record_correction(case, EventKind.PARTY_REMOVED, actor=actor, what=what, changes=[], reason=reason,
                       on_request=on_request)
    sync_case_permissions(case)
    if contact is not None:
        hooks.role_changed(case=case, role="party_contact", old=contact, new=None, actor=actor, subject=None)


@transaction.atomic
def information_item_correct(*, item: InformationItem, actor: User, reason: str, on_request: bool = False,
                             **fields) -> InformationItem:
    """Correct an information item (its text, source, date, ground); the earlier values go to the timeline."""
    item = InformationItem.objects.select_for_update().get(pk=item.pk)
    access.ensure_writable(item.case)
    changes = _changes(item, fields)
    about = item.person_id  # the earlier text was about this person
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    _record_correction(item.case, EventKind.INFORMATION_CORRECTED, actor=actor, what=str(item.source),
                       changes=changes, reason=reason, on_request=on_request, person_id=about)
    return item


@transaction.atomic
def information_item_remove(*, item: InformationItem, actor: User, reason: str, on_request: bool = False) -> None:
    """Remove information recorded by mistake (or that must go on request).

    The removed text is kept on the timeline with the reason; removed on request of the person concerned, only
    the fact of the removal is kept (the text must go).
    """
    item = InformationItem.objects.select_for_update().select_related("case", "source").get(pk=item.pk)
    case = item.case
    access.ensure_writable(case)
    what = _("%(source)s, ontvangen %(d)s") % {"source": item.source, "d": item.received_on.strftime("%d-%m-%Y")}
    # The removed text stays on the timeline, unless the person concerned asked for it to go.
    changes = [] if on_request else [f"{item._meta.get_field('content').verbose_name}: {item.content} → —"]
    InformationItem.objects.filter(pk=item.pk).delete()
    _record_correction(case, EventKind.INFORMATION_REMOVED, actor=actor, what=what, changes=changes, reason=reason,
                       on_request=on_request, person_id=item.person_id)


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
    "information_item_correct",
    "information_item_remove",
    "involvement_correct",
    "involvement_remove",
    "person_correct",
    "person_remove",
    "involvement_add",
    "involvement_update",
    "person_add",
    "person_match_key",
    "stand_in_end",
    "stand_in_set",
]
