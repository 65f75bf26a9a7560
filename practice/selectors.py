"""Reads of practice: which scenarios, plays and debriefs a user may see."""

from django.db.models import Q

from practice.models import DevelopmentGroup, PracticeCase
from zvh.constants import Function


def is_trainer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.function == Function.TRAINER)


def groups_of(user):
    """The development groups the user leads or belongs to."""
    return DevelopmentGroup.objects.filter(Q(trainer=user) | Q(members=user)).distinct()


def debriefs_visible_to(user):
    """Plays whose debrief `user` may read: their own; of a fellow member of one of their groups, or of
    a member of a group they lead as trainer, once that trainee shared it with their groups (consent:
    the trainee decides, and can take it back)."""
    own = Q(space__trainee=user)
    shared = Q(shared_with_groups=True) & (Q(space__trainee__development_groups__members=user)
                                          | Q(space__trainee__development_groups__trainer=user))
    return PracticeCase.objects.filter(own | shared).distinct()
