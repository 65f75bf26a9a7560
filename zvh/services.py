"""Account changes: the one way a user's function, region, organisation, active flag or staff flags change.

The admin, the demo seeder and tests all call `user_update_account`. The rules:

- a regional functioneel beheerder never changes their own function, region, active flag or rights,
  never touches a beheer account (staff or superuser) and only manages users of their own region;
- the functions functioneel beheerder and landelijk coördinator are given and taken away only by a
  superuser (the national application manager);
- the procesregisseur function opens case files: when a regional beheerder gives it, a second
  beheerder of the region (or a superuser) approves it first (four eyes, `FunctionChangeRequest`);
- an account is a beheer account (staff, function functioneel beheerder) or a case-working account,
  never both (also a database constraint).

Every applied change is written to the user's admin history (LogEntry) and announced through
`zvh.hooks.user_changed` in the same transaction: `cases` re-syncs permissions and team membership,
`monitoring` notifies the user and the region's managers of a function change.
"""

from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh import hooks
from zvh.constants import Function
from zvh.models import FunctionChangeRequest, FunctionChangeStatus, Organisation, Region, User

ACCOUNT_FIELDS = ("function", "region", "organisation", "is_active", "is_staff", "is_superuser")
FOREIGN_KEYS = ("region", "organisation")
# Functions only a superuser gives or takes away.
SUPERUSER_FUNCTIONS = frozenset({Function.BEHEERDER, Function.LANDELIJK})
# Functions that open case files: a regional beheerder needs a second beheerder's approval.
CASE_ACCESS_FUNCTIONS = frozenset({Function.PROCESREGISSEUR})


class AccountChangeRefused(Exception):
    """A change of an account that the rules do not allow; the message says why (Dutch)."""


@dataclass
class AccountUpdate:
    """What `user_update_account` did: the fields it changed, and a request waiting for approval."""

    changed: set[str] = field(default_factory=set)
    pending: FunctionChangeRequest | None = None


def current_value(user: User, name: str):
    """The stored value of an account field (the id for region and organisation)."""
    return getattr(user, f"{name}_id" if name in FOREIGN_KEYS else name)


def normalise(name: str, value):
    if name in FOREIGN_KEYS and value is not None and hasattr(value, "pk"):
        return value.pk
    return value


def account_changes(user: User, fields: dict) -> dict:
    """The entries of `fields` (account field → new value) that differ from what `user` has."""
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"not an account field: {', '.join(sorted(unknown))}")
    changes = {name: normalise(name, value) for name, value in fields.items()}
    return {name: value for name, value in changes.items() if value != current_value(user, name)}


def staff_conflict(values: dict) -> str | None:
    """Why these final account values mix a beheer account with a case-working one, or None."""
    if (values.get("is_staff") or values.get("is_superuser")) and values.get("function") != Function.BEHEERDER:
        return _("Een beheeraccount (toegang tot het beheer) heeft de functie functioneel beheerder; een account is "
                 "nooit tegelijk een beheer- en een casusaccount. Maak voor casuswerk een apart account aan.")
    return None


def account_change_refusal(*, user: User, actor: User, changes: dict) -> str | None:
    """Why `actor` may not make `changes` (field → new value, real changes only) to `user`; None if allowed.

    `user` may be unsaved (a new account). Does not decide four eyes: see `user_update_account`.
    """
    if actor.is_superuser:
        return None
    if not (actor.is_active and actor.is_staff and actor.function == Function.BEHEERDER and actor.region_id):
        return _("Alleen een functioneel beheerder van de regio wijzigt accounts.")
    if not changes:
        return None
    if user.pk is not None and user.pk == actor.pk:
        return _("U kunt uw eigen functie, regio, rechten of actief-status niet wijzigen. Vraag dat aan een "
                 "andere functioneel beheerder of aan het landelijk beheer.")
    if user.is_staff or user.is_superuser:
        return _("Beheeraccounts worden alleen door het landelijk beheer gewijzigd.")
    if {"is_staff", "is_superuser"} & set(changes):
        return _("Alleen het landelijk beheer geeft of ontneemt beheerrechten.")
    if (user.pk is not None and user.region_id != actor.region_id) or changes.get("region",
                                                                                  user.region_id) != actor.region_id:
        return _("U beheert alleen accounts van uw eigen regio.")
    organisation_id = changes.get("organisation")
    if organisation_id and not Organisation.objects.filter(pk=organisation_id, region_id=actor.region_id).exists():
        return _("Kies een organisatie van uw eigen regio.")
    if "function" in changes and (changes["function"] in SUPERUSER_FUNCTIONS or user.function in SUPERUSER_FUNCTIONS):
        return _("De functies functioneel beheerder en landelijk coördinator worden alleen door het landelijk beheer "
                 "toegekend of ingetrokken.")
    return None


def needs_second_beheerder(*, actor: User, changes: dict) -> bool:
    """Whether this change gives case access and must wait for a second beheerder (four eyes)."""
    return not actor.is_superuser and changes.get("function") in CASE_ACCESS_FUNCTIONS


@transaction.atomic
def user_update_account(*, user: User, actor: User, **fields) -> AccountUpdate:
    """Change `user`'s function, region, organisation, active flag or staff flags, as `actor`.

    `fields` are keyword arguments named after ACCOUNT_FIELDS (region / organisation as object or id).
    Raises AccountChangeRefused with a Dutch reason when the rules forbid the change (nothing is saved).
    A regional beheerder giving the procesregisseur function does not change the function: a pending
    FunctionChangeRequest is created for a second beheerder (`function_change_approve`).
    Giving the functioneel beheerder function makes the account a beheer (staff) account; taking it
    away ends that. Side effects: one LogEntry in the user's admin history and `zvh.hooks.user_changed`
    (permission re-sync, notifications) in this transaction. `user` is updated in place.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    changes = account_changes(locked, fields)
    refusal = account_change_refusal(user=locked, actor=actor, changes=changes)
    if refusal:
        raise AccountChangeRefused(refusal)
    pending = None
    if needs_second_beheerder(actor=actor, changes=changes):
        pending = _function_request(user=locked, function=changes.pop("function"), actor=actor)
    changed = _apply(user=user, locked=locked, actor=actor, changes=changes)
    return AccountUpdate(changed=changed, pending=pending)


def with_derived_staff(user: User, changes: dict) -> dict:
    """`changes` plus the staff flag that follows a function change (beheerder ⇔ beheer account)."""
    changes = dict(changes)
    if "function" in changes and not user.is_superuser and "is_staff" not in changes:
        staff = changes["function"] == Function.BEHEERDER
        if user.is_staff != staff:
            changes["is_staff"] = staff
    return changes


def account_change_problem(*, user: User, actor: User, fields: dict) -> str | None:
    """Why `actor` may not set `fields` on `user` (also unsaved), as `user_update_account` would refuse; or None.

    For forms: the same rules as the service, so the beheerder gets a Dutch form error, not a failure.
    """
    changes = account_changes(user, fields)
    refusal = account_change_refusal(user=user, actor=actor, changes=changes)
    if refusal:
        return refusal
    if needs_second_beheerder(actor=actor, changes=changes):
        changes.pop("function")
    changes = with_derived_staff(user, changes)
    return staff_conflict({name: changes.get(name, current_value(user, name)) for name in ACCOUNT_FIELDS})


def _apply(*, user: User, locked: User, actor: User, changes: dict, note: str = "") -> set[str]:
    """Save `changes` on the locked row, mirror them on `user`, log them and run the hooks."""
    changes = with_derived_staff(locked, changes)
    conflict = staff_conflict({name: changes.get(name, current_value(locked, name)) for name in ACCOUNT_FIELDS})
    if conflict:
        raise AccountChangeRefused(conflict)
    if not changes:
        return set()
    old = {name: current_value(locked, name) for name in changes}
    for target in (locked, user):
        for name, value in changes.items():
            setattr(target, f"{name}_id" if name in FOREIGN_KEYS else name, value)
    locked.save(update_fields=list(changes))
    message = "; ".join(_describe(name, old[name], changes[name]) for name in ACCOUNT_FIELDS if name in changes)
    if note:
        message = f"{message} ({note})"
    LogEntry.objects.log_actions(user_id=actor.pk, queryset=[locked], action_flag=CHANGE,
                                 change_message=message, single_object=True)
    hooks.user_changed(user, set(changes), actor)
    return set(changes)


def _describe(name: str, old, new) -> str:
    labels = {
        "function": _("Functie"), "region": _("Regio"), "organisation": _("Organisatie"),
        "is_active": _("Actief"), "is_staff": _("Beheertoegang"), "is_superuser": _("Landelijk beheer"),
    }

    def show(value):
        if value is None or value == "":
            return "—"
        if name == "function":
            return str(Function(value).label)
        if name == "region":
            return str(Region.objects.get(pk=value))
        if name == "organisation":
            return str(Organisation.objects.get(pk=value))
        return _("ja") if value else _("nee")

    return f"{labels[name]}: {show(old)} → {show(new)}"


def _function_request(*, user: User, function: str, actor: User) -> FunctionChangeRequest:
    """Record (or renew) the pending request to give `user` the case-access `function`."""
    request, _created = FunctionChangeRequest.objects.update_or_create(
        user=user, status=FunctionChangeStatus.PENDING,
        defaults={"function": function, "requested_by": actor, "requested_at": timezone.now()},
    )
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[user], action_flag=CHANGE, single_object=True,
        change_message=_("Functie %(function)s aangevraagd; wacht op goedkeuring door een tweede functioneel "
                         "beheerder.") % {"function": Function(function).label},
    )
    return request


def _decide_refusal(change_request: FunctionChangeRequest, actor: User) -> str | None:
    if change_request.status != FunctionChangeStatus.PENDING:
        return _("Deze aanvraag is al afgehandeld.")
    if actor.is_superuser:
        return None
    if actor.pk in (change_request.requested_by_id, change_request.user_id):
        return _("Een tweede functioneel beheerder beslist over deze aanvraag, niet wie hem indiende of voor wie "
                 "hij is.")
    return account_change_refusal(user=change_request.user, actor=actor,
                                  changes={"function": change_request.function})


def _decide(change_request: FunctionChangeRequest, actor: User, status: str) -> FunctionChangeRequest:
    """Lock the pending request, refuse as `_decide_refusal` says, and record the decision."""
    change_request = FunctionChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    refusal = _decide_refusal(change_request, actor)
    if refusal:
        raise AccountChangeRefused(refusal)
    change_request.status = status
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.save(update_fields=["status", "decided_by", "decided_at"])
    return change_request


@transaction.atomic
def function_change_approve(*, change_request: FunctionChangeRequest, actor: User) -> AccountUpdate:
    """Approve a pending function request as the second beheerder (or a superuser) and apply it.

    Refuses (AccountChangeRefused) when the actor requested it, is its subject, may not manage the
    user, or the request was already decided. The function change itself is logged and announced like
    every other (`user_update_account`), naming who requested it.
    """
    change_request = _decide(change_request, actor, FunctionChangeStatus.APPROVED)
    user = change_request.user
    locked = User.objects.select_for_update().get(pk=user.pk)
    changes = account_changes(locked, {"function": change_request.function})
    note = _("vier ogen: aangevraagd door %(requester)s, goedgekeurd door %(approver)s") % {
        "requester": change_request.requested_by or "—", "approver": actor}
    return AccountUpdate(changed=_apply(user=user, locked=locked, actor=actor, changes=changes, note=note))


@transaction.atomic
def function_change_reject(*, change_request: FunctionChangeRequest, actor: User) -> None:
    """Reject a pending function request (second beheerder or superuser); logged on the user."""
    change_request = _decide(change_request, actor, FunctionChangeStatus.REJECTED)
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[change_request.user], action_flag=CHANGE, single_object=True,
        change_message=_("Aanvraag functie %(function)s afgewezen.") % {
            "function": Function(change_request.function).label},
    )
