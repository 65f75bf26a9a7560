"""Writes of practice besides the simulation: scenarios, debrief feedback and development groups."""

from django.db import transaction
from django.utils.translation import gettext as _

from cases.access import NotAllowed
from practice.models import DevelopmentGroup, Feedback, PracticeCase, Scenario
from practice.scenario_format import problems
from practice.selectors import debriefs_visible_to, is_trainer
from practice.spaces import may_practise
from zvh.models import User


class ScenarioInvalid(NotAllowed):
    def __init__(self, found: list[str]):
        self.problems = found
        super().__init__(" ".join(found))


@transaction.atomic
def scenario_save(*, data: dict, actor: User | None, scenario: Scenario | None = None) -> Scenario:
    """Store a scenario document (new, or a new text for `scenario`); refused with its problems."""
    found = problems(data)
    if found:
        raise ScenarioInvalid(found)
    clash = Scenario.objects.filter(slug=data["slug"]).exclude(pk=scenario.pk if scenario else None).first()
    if clash is not None:
        raise ScenarioInvalid([_("Er is al een scenario met de code %(slug)s: „%(title)s”.")
                               % {"slug": data["slug"], "title": clash.title}])
    if scenario is None:
        return Scenario.objects.create(slug=data["slug"], title=data["title"], data=data, author=actor)
    scenario.slug, scenario.title, scenario.data = data["slug"], data["title"], data
    scenario.save(update_fields=["slug", "title", "data", "updated_at"])
    return scenario


def may_comment(user, practice_case: PracticeCase) -> bool:
    return debriefs_visible_to(user).filter(pk=practice_case.pk).exists()


def is_trainer_of(user, practice_case: PracticeCase) -> bool:
    """The trainer of one of the trainee's groups, who may follow this play: the trainee shared it."""
    return practice_case.shared_with_groups and is_trainer(user) and DevelopmentGroup.objects.filter(
        trainer=user, members=practice_case.space.trainee_id).exists()


@transaction.atomic
def feedback_add(*, practice_case: PracticeCase, actor: User, text: str) -> Feedback:
    """Feedback on a debrief: by a trainer of one of the trainee's groups, the trainee, or a fellow
    group member who may read it (shared)."""
    if not text.strip():
        raise NotAllowed(_("Schrijf uw reactie."))
    if not may_comment(actor, practice_case):
        raise NotAllowed(_("U kunt op deze nabespreking niet reageren."))
    return Feedback.objects.create(practice_case=practice_case, author=actor, text=text.strip(),
                                   by_trainer=is_trainer_of(actor, practice_case))


def share_set(*, practice_case: PracticeCase, actor: User, shared: bool) -> PracticeCase:
    if practice_case.space.trainee_id != actor.pk:
        raise NotAllowed(_("Alleen wie oefende, beslist of de nabespreking gedeeld wordt."))
    PracticeCase.objects.filter(pk=practice_case.pk).update(shared_with_groups=shared)
    practice_case.shared_with_groups = shared
    return practice_case


@transaction.atomic
def group_create(*, trainer: User, name: str) -> DevelopmentGroup:
    if not is_trainer(trainer):
        raise NotAllowed(_("Alleen een trainer begint een ontwikkelgroep."))
    return DevelopmentGroup.objects.create(trainer=trainer, name=name.strip())


@transaction.atomic
def member_add(*, group: DevelopmentGroup, actor: User, username: str) -> User:
    """Add a trainee (of any region) to the group, by their user name."""
    if group.trainer_id != actor.pk:
        raise NotAllowed(_("Alleen de trainer van de groep voegt deelnemers toe."))
    member = User.objects.filter(username=username.strip(), is_active=True).first()
    if member is None or not may_practise(member):
        raise NotAllowed(_("Er is geen actieve procesregisseur of procesregisseur in opleiding met deze "
                           "gebruikersnaam."))
    if group.members.filter(pk=member.pk).exists():
        raise NotAllowed(_("%(name)s doet al mee in deze groep.") % {"name": member.get_full_name() or member.username})
    group.members.add(member)
    return member


@transaction.atomic
def member_remove(*, group: DevelopmentGroup, actor: User, member_id: int) -> None:
    if group.trainer_id != actor.pk and actor.pk != member_id:
        raise NotAllowed(_("Alleen de trainer, of de deelnemer zelf, haalt iemand uit de groep."))
    group.members.remove(member_id)
