"""Who may do what to a case, now: the one access policy.

A user's rights on a case follow from four things, and from nothing else:

1. a *relation* to the case, a domain fact (procesregisseur, stand-in, casusregisseur, activity
   owner, invitee, contact of an involved party, referrer, the region's team during triage). The
   facts of the `cases` app are computed here; planning registers its own (casusregisseur,
   invitees, activity owners) with `register_relation_source` in `AppConfig.ready()`;
2. what the case's *lifecycle state* allows that relation (`POLICY`: a closed or anonymised case
   is read-only for everybody, and after closure only the procesregisseur and a stand-in read it);
3. the holder's *eligibility* (active, the right function, the case's region, not a beheer
   account), one rule per role (`is_eligible`, `eligible_procesregisseurs`, `eligible_casusregisseurs`);
4. for a partner of an organisation, a valid *sharing ground*: the organisation's involvement in
   the case is current and its ground holds (privacy registers the consent check with
   `register_ground_check`).

`cases.permissions` turns the result into django-guardian rows, so every read stays one scoped
queryset (`Case.objects.visible_to(user, action)`); views get their case from `get_case` /
`get_open_case` here, and every write service refuses a closed case through `ensure_writable`
(the timeline writer calls it for every write that records an event).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from cases.constants import OPEN_STAGES, CaseStage
from cases.models import Case, StandIn
from zvh.constants import Function
from zvh.hooks import Registry
from zvh.models import User


class NotAllowed(Exception):
    """The actor may not do this (for example: assign a user of another region); the message says why."""


class CaseReadOnly(NotAllowed):
    """The case is closed or anonymised: nothing on it may be written any more."""

    def __init__(self, message=None):
        super().__init__(str(message or _("Deze casus is afgesloten; er kan niets meer aan worden gewijzigd.")))


class Relation(StrEnum):
    PROCESREGISSEUR = "procesregisseur"
    STAND_IN = "stand_in"
    CASUSREGISSEUR = "casusregisseur"
    ACTIVITY_OWNER = "activity_owner"
    INVITEE = "invitee"
    PARTY_CONTACT = "party_contact"
    REFERRER = "referrer"


# The actions are guardian permission codenames on Case.
VIEW_CASE, CHANGE_CASE, TRANSITION_CASE = "view_case", "change_case", "transition_case"
MANAGE_PLAN, VIEW_PERSONAL_DATA, RECORD_PROGRESS = "manage_plan", "view_personal_data", "record_progress"
VIEW_REFERRAL, VIEW_SHARED, TRIAGE_CASE = "view_referral", "view_shared", "triage_case"
RECORD_NAZORG = "record_nazorg"
SUBJECT_RIGHTS = "handle_subject_rights"  # inzage, erasure on request, the case's access log
SHARE_LESSON = "share_lesson"  # a lesson from the evaluation for the national library
WRITE_ACTIONS = frozenset({CHANGE_CASE, TRANSITION_CASE, MANAGE_PLAN, RECORD_PROGRESS, TRIAGE_CASE, RECORD_NAZORG})

ANONYMISED = "anonymised"  # a lifecycle state beside the stages
_OPEN = tuple(OPEN_STAGES)
_CLOSED = (CaseStage.CLOSED,)
_EVERY = (*_OPEN, *_CLOSED, ANONYMISED)
_PROCESREGIE = frozenset({VIEW_CASE, CHANGE_CASE, TRANSITION_CASE, MANAGE_PLAN, VIEW_PERSONAL_DATA,
                          RECORD_PROGRESS, VIEW_REFERRAL, SUBJECT_RIGHTS})
_SHARED = frozenset({VIEW_SHARED})

# relation → ((lifecycle states), actions). Read from top to bottom; a relation not listed for a
# state has no rights in it. Closed: the procesregisseur (and stand-in) keep reading and record the
# nazorg contact; anonymised: only what is left (stages and dates).
POLICY: dict[Relation, list[tuple[tuple[str, ...], frozenset[str]]]] = {
    Relation.PROCESREGISSEUR: [
        ((CaseStage.EVALUATIE,), _PROCESREGIE | {SHARE_LESSON}),
        (_OPEN, _PROCESREGIE),
        (_CLOSED, frozenset({VIEW_CASE, VIEW_PERSONAL_DATA, VIEW_REFERRAL, RECORD_NAZORG, SUBJECT_RIGHTS,
                             SHARE_LESSON})),
        ((ANONYMISED,), frozenset({VIEW_CASE, VIEW_REFERRAL, SUBJECT_RIGHTS})),
    ],
    Relation.CASUSREGISSEUR: [(_OPEN, frozenset({VIEW_CASE, VIEW_PERSONAL_DATA, RECORD_PROGRESS}))],
    Relation.ACTIVITY_OWNER: [(_OPEN, _SHARED)],
    Relation.INVITEE: [(_OPEN, _SHARED)],
    Relation.PARTY_CONTACT: [(_OPEN, _SHARED)],
    # The referrer sees what they registered and the outcome of triage, also when it closed the case.
    Relation.REFERRER: [(_EVERY, frozenset({VIEW_REFERRAL}))],
}
POLICY[Relation.STAND_IN] = POLICY[Relation.PROCESREGISSEUR]
# The region's team of procesregisseurs (a guardian group) triages new aanmeldingen.
TEAM_POLICY: dict[str, frozenset[str]] = {CaseStage.AANMELDING: frozenset({VIEW_REFERRAL, TRIAGE_CASE})}

# Relations that rest on an organisation's involvement in the case (the sharing ground).
SHARED_RELATIONS = frozenset({Relation.CASUSREGISSEUR, Relation.ACTIVITY_OWNER, Relation.INVITEE,
                              Relation.PARTY_CONTACT})


def lifecycle_state(case: Case) -> str:
    return ANONYMISED if case.anonymised_at else case.stage


def actions_for(relation: Relation, state: str) -> frozenset[str]:
    for states, actions in POLICY[relation]:
        if state in states:
            return actions
    return frozenset()


def kept_when_closed_case_is_anonymised() -> frozenset[str] | None:
    """What rights survive when a closed case is anonymised, if that does not depend on who holds them.

    It does not when every relation keeps, of its rights on the closed case, exactly those that any
    relation has on an anonymised case, and the team has none on either. Then the stored rows of a
    batch of closed cases follow by deleting every other right (retention, one statement) instead of
    re-deriving each case's facts. None: the policy is not like that, sync each case.
    """
    kept = frozenset().union(*(actions_for(relation, ANONYMISED) for relation in Relation))
    for relation in Relation:
        if actions_for(relation, CaseStage.CLOSED) & kept != actions_for(relation, ANONYMISED):
            return None
    if TEAM_POLICY.get(CaseStage.CLOSED) or TEAM_POLICY.get(ANONYMISED):
        return None
    return kept


# ---------------------------------------------------------------------------------------------
# Eligibility: one rule per role.

CASE_WORKING_FUNCTIONS = (Function.PROCESREGISSEUR, Function.PARTNER)


def _case_worker(user) -> bool:
    return bool(user.is_active and not user.is_staff and not user.is_superuser)


def is_eligible(user, relation: Relation, region_id: int) -> bool:
    """May `user`, as they are now, hold `relation` on a case of region `region_id`?"""
    if not _case_worker(user):
        return False
    if relation in (Relation.PROCESREGISSEUR, Relation.STAND_IN):
        return user.function == Function.PROCESREGISSEUR and user.region_id == region_id
    return user.function in CASE_WORKING_FUNCTIONS


def eligible_procesregisseurs(region):
    """The users who may be procesregisseur (or stand-in) of a case of `region`."""
    return User.objects.filter(region=region, function=Function.PROCESREGISSEUR, is_active=True, is_staff=False,
                               is_superuser=False).order_by("first_name", "last_name")


def eligible_casusregisseurs(region):
    """Professionals of the region who may be casusregisseur, invitee or activity owner."""
    return User.objects.filter(region=region, function__in=CASE_WORKING_FUNCTIONS, is_active=True, is_staff=False,
                               is_superuser=False).order_by("first_name", "last_name")


# ---------------------------------------------------------------------------------------------
# Facts and the registries that other apps fill in.


@dataclass(frozen=True)
class Fact:
    user_id: int
    relation: Relation
    organisation_id: int | None = None  # the organisation whose involvement is the sharing ground


@dataclass(frozen=True)
class RelationSource:
    """Where an app keeps relations: `facts(case)` lists them, `case_ids_for_user(user)` finds a
    user's cases (for a re-sync when the user changes)."""

    facts: Callable[[Case], Iterable[Fact]]
    case_ids_for_user: Callable[[User], Iterable[int]]


RELATION_SOURCES = Registry()  # of RelationSource
register_relation_source = RELATION_SOURCES.register
# check(case, involvements) → ids of involvements whose sharing ground does not hold (now).
GROUND_CHECKS = Registry()
register_ground_check = GROUND_CHECKS.register


def active_stand_ins(case: Case, today=None):
    """Stand-ins acting for the case's procesregisseur today."""
    if not case.procesregisseur_id:
        return StandIn.objects.none()
    return StandIn.objects.current(today).filter(absent_id=case.procesregisseur_id, region_id=case.region_id)


def _own_facts(case: Case) -> list[Fact]:
    facts = []
    if case.procesregisseur_id:
        facts.append(Fact(case.procesregisseur_id, Relation.PROCESREGISSEUR))
        facts += [Fact(uid, Relation.STAND_IN) for uid in active_stand_ins(case).values_list("stand_in_id", flat=True)]
    if case.referred_by_id:
        facts.append(Fact(case.referred_by_id, Relation.REFERRER))
    for user_id, organisation_id in case.involvements.filter(contact_user__isnull=False).values_list(
        "contact_user_id", "organisation_id"
    ):
        facts.append(Fact(user_id, Relation.PARTY_CONTACT, organisation_id))
    return facts


def _own_case_ids(user) -> set[int]:
    ids = set(Case.objects.filter(Q(procesregisseur=user) | Q(referred_by=user) | Q(involvements__contact_user=user))
              .values_list("pk", flat=True))
    absent = StandIn.objects.filter(stand_in=user).values_list("absent_id", flat=True)
    ids |= set(Case.objects.filter(procesregisseur__in=absent).values_list("pk", flat=True))
    return ids


def facts_of(case: Case) -> list[Fact]:
    facts = _own_facts(case)
    for source in RELATION_SOURCES:
        facts.extend(source.facts(case))
    return facts


def case_ids_for_user(user) -> set[int]:
    """Every case on which `user` has, or may have had, a relation (for a re-sync)."""
    ids = _own_case_ids(user)
    for source in RELATION_SOURCES:
        ids |= set(source.case_ids_for_user(user))
    return ids


def desired_user_permissions(case: Case) -> dict[int, set[str]]:
    """user id → the actions the policy grants on `case` now (the stored guardian rows must equal this)."""
    facts = facts_of(case)
    if not facts:
        return {}
    state = lifecycle_state(case)
    users = User.objects.in_bulk({f.user_id for f in facts})
    involvements = {inv.organisation_id: inv for inv in case.involvements.all()}
    invalid: set[int] = set()
    for check in GROUND_CHECKS:
        invalid |= set(check(case, list(involvements.values())))
    desired: dict[int, set[str]] = {}
    for fact in facts:
        user = users.get(fact.user_id)
        actions = actions_for(fact.relation, state)
        if user is None or not actions or not is_eligible(user, fact.relation, case.region_id):
            continue
        if fact.relation in SHARED_RELATIONS:
            involvement = involvements.get(fact.organisation_id or user.organisation_id)
            if involvement is not None and (not involvement.is_current or involvement.pk in invalid):
                continue
        desired.setdefault(user.pk, set()).update(actions)
    return desired


def sharing_ground(case: Case, organisation_id: int | None):
    """The involvement of `organisation_id` in `case` if it is current and its ground holds now
    (the registered ground checks, e.g. consent), else None: what a partner may be shown of the
    case's content (report, plan) rests on it."""
    if organisation_id is None:
        return None
    involvement = case.involvements.filter(organisation_id=organisation_id, is_current=True).select_related(
        "consent").first()
    if involvement is None:
        return None
    for check in GROUND_CHECKS:
        if involvement.pk in set(check(case, [involvement])):
            return None
    return involvement


def desired_team_permissions(case: Case) -> frozenset[str]:
    return TEAM_POLICY.get(lifecycle_state(case), frozenset())


# ---------------------------------------------------------------------------------------------
# Reads and writes in views and services.


def get_case(user, case_uuid, action: str = VIEW_CASE) -> Case:
    """The case if `user` may do `action` on it now; 404 otherwise (existence does not leak)."""
    return get_object_or_404(
        Case.objects.visible_to(user, action).select_related("region", "procesregisseur", "referrer_organisation"),
        uuid=case_uuid,
    )


def is_writable(case: Case) -> bool:
    return case.stage != CaseStage.CLOSED and case.anonymised_at is None


def get_open_case(user, case_uuid, action: str = CHANGE_CASE) -> Case:
    """Like `get_case`, for a write. The policy grants no write action on a closed case, so a
    closed case answers 404 here too; the check is repeated for a case closed a moment ago."""
    case = get_case(user, case_uuid, action)
    if not is_writable(case):
        raise CaseReadOnly
    return case


def ensure_writable(case: Case) -> None:
    """Raise CaseReadOnly unless the case (as stored now, not as loaded) is open for writes."""
    if not Case.objects.filter(pk=case.pk, anonymised_at__isnull=True).exclude(stage=CaseStage.CLOSED).exists():
        raise CaseReadOnly

