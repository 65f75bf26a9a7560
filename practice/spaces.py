"""Practice spaces and the start of a practice case.

A trainee's space is a region of its own (`Region.is_practice`), a practice account that works
there as procesregisseur (the trainee switches to it, practice.middleware), and per scenario the
parties as organisations with one simulated professional each. Nobody can log in as the practice
account or a simulated partner (no password, no e-mail address), and nobody outside the space
holds a relation to anything in it.
"""

import secrets
import string
from datetime import date
from functools import partial

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import NotAllowed
from cases.constants import CaseStage
from cases.models import Case, InformationItem, StandIn
from cases.permissions import sync_user, team_group_name
from cases.services import case_register
from practice.models import PracticeCase, PracticeSpace, Scenario
from practice.simulation import run_due
from privacy.retention import FILE_CLEANUPS
from zvh.constants import Function
from zvh.models import Organisation, Region, User

# Who may practise: procesregisseurs, trainees and trainers (to try their own scenarios).
PRACTISING_FUNCTIONS = frozenset({Function.PROCESREGISSEUR, Function.TRAINEE, Function.TRAINER})
# Plays still open in one space at a time: enough to practise, not a way to fill the database.
MAX_OPEN_PLAYS = 10


def may_practise(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_staff and not user.is_superuser
                and user.function in PRACTISING_FUNCTIONS and not is_practice_account(user))


def is_practice_account(user) -> bool:
    """A practice account or simulated partner (a user of a practice space)."""
    return bool(getattr(user, "is_practice", False))


def _practice_username() -> str:
    """A user name nobody chose and nobody can guess: the practice account or a simulated partner is
    never taken for, or mixed up with, a real account."""
    while True:
        username = f"oefen-{secrets.token_hex(8)}"
        if not User.objects.filter(username=username).exists():
            return username


def _free_code() -> str:
    alphabet = string.ascii_uppercase + string.digits
    while True:
        code = "X" + "".join(secrets.choice(alphabet) for _ in range(3))
        if not Region.all_objects.filter(code=code).exists():
            return code


@transaction.atomic
def space_for(trainee: User) -> PracticeSpace:
    """The trainee's practice space, created on first use."""
    if not may_practise(trainee):
        raise NotAllowed(_("Oefenen kan met de functie procesregisseur, procesregisseur in opleiding of trainer."))
    User.objects.select_for_update().filter(pk=trainee.pk).first()
    existing = PracticeSpace.objects.filter(trainee=trainee).select_related("region", "account").first()
    if existing is not None:
        return existing
    name = f"{_('Oefenomgeving van')} {trainee.get_full_name() or trainee.username}"[:90]
    code = _free_code()
    if Region.all_objects.filter(name=name).exists():  # a namesake: the code tells them apart
        name = f"{name} ({code})"
    region = Region.all_objects.create(code=code, name=name, is_practice=True)
    account = User(username=_practice_username(), first_name=trainee.first_name,
                   last_name=trainee.last_name, region=region, function=Function.PROCESREGISSEUR, email="",
                   is_practice=True)
    account.set_unusable_password()
    account.save()
    Organisation.objects.create(region=region, name=_("Zorg- en Veiligheidshuis (oefening)"), type="zvh")
    sync_user(account)
    return PracticeSpace.objects.create(trainee=trainee, region=region, account=account)


def _partner(space: PracticeSpace, party: dict) -> User:
    organisation, _created = Organisation.objects.get_or_create(region=space.region, name=party["name"],
                                                                defaults={"type": party["type"]})
    user = User.objects.filter(is_practice=True, region=space.region, organisation=organisation).first()
    if user is None:
        first, _sep, last = party["contact_name"].partition(" ")
        user = User(username=_practice_username(), first_name=first[:150], last_name=last[:150], region=space.region,
                    organisation=organisation, function=Function.PARTNER, email="", is_practice=True)
        user.set_unusable_password()
        user.save()
    return user


def _birth_date(age: int, today: date) -> date:
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February
        return today.replace(year=today.year - age, day=28)


@transaction.atomic
def practice_start(*, trainee: User, scenario: Scenario) -> PracticeCase:
    """Start a play of `scenario` in the trainee's space: the parties and their professionals, and
    the aanmelding as the referring party registers it, ready for triage on the real screens."""
    space = space_for(trainee)
    if space.cases.exclude(case__stage=CaseStage.CLOSED).count() >= MAX_OPEN_PLAYS:
        raise NotAllowed(_("U heeft al %(n)s oefencasussen open. Sluit er een af (of verwijder uw oefenomgeving) "
                           "voordat u een nieuwe begint.") % {"n": MAX_OPEN_PLAYS})
    data = scenario.data
    partners = {party["key"]: _partner(space, party) for party in data["parties"]}
    referral = data["referral"]
    referrer = partners[referral["referrer_party"]]
    today = timezone.localdate()
    persons = [{"role": p["role"], "first_name": p["first_name"], "last_name": p["last_name"],
                "date_of_birth": _birth_date(p["age"], today), "relation": p.get("relation", "")[:100]}
               for p in data["persons"]]
    case = case_register(actor=referrer, region=space.region, reason=referral["reason"],
                         referrer_goal=referral["referrer_goal"], urgency=referral["urgency"],
                         referrer_name=referral["referrer_name"], persons=persons,
                         basis_justification=_("Oefenscenario: verzonnen gegevens."))
    practice_case = PracticeCase.objects.create(space=space, case=case, scenario=scenario, scenario_data=data)
    transaction.on_commit(partial(run_due, case.pk), robust=True)
    return practice_case


@transaction.atomic
def space_delete(*, trainee: User) -> bool:
    """Delete the trainee's practice space with everything in it; False if they had none."""
    User.objects.select_for_update().filter(pk=trainee.pk).first()  # not at the same time as a new play
    space = PracticeSpace.objects.select_for_update().filter(trainee=trainee).select_related("region").first()
    if space is None:
        return False
    region = space.region
    case_ids = list(Case.objects.filter(region=region).values_list("pk", flat=True))
    for cleanup in FILE_CLEANUPS:  # uploaded documents: their files go too
        cleanup(case_ids)
    # Information protects its source (the party); both go with the case, the information first.
    InformationItem.objects.filter(case__region=region).delete()
    for case in Case.objects.filter(region=region):
        case.delete()
    StandIn.objects.filter(region=region).delete()
    space.delete()
    users = User.objects.filter(region=region)
    for user in users:
        user.delete()
    Organisation.objects.filter(region=region).delete()
    Group.objects.filter(name=team_group_name(region)).delete()
    region.delete()
    return True
