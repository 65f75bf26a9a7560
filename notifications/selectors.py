"""Reads of the notifications app, scoped to the user."""

from django.db.models import Q
from django.utils import timezone

from notifications.constants import LONG_PENDING_AFTER, OutboxStatus
from notifications.models import OutboxMessage


def can_see_delivery_problems(user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or (user.region_id and (user.is_beheerder or user.is_procesregisseur)))


def problem_messages(user):
    """Failed and long-waiting e-mail this user can act on, newest first.

    The region's beheerder sees those of the region; a procesregisseur those of their own cases; a
    superuser (technical beheer) all of them. Anyone else sees none.
    """
    if not can_see_delivery_problems(user):
        return OutboxMessage.objects.none()
    long_ago = timezone.now() - LONG_PENDING_AFTER
    problems = Q(status=OutboxStatus.FAILED) | Q(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING],
                                                  created_at__lte=long_ago)
    scope = Q(case__procesregisseur=user) if user.is_procesregisseur else Q()
    if user.is_superuser:
        scope = Q()
    elif user.is_beheerder:
        scope |= Q(region_id=user.region_id)
    elif not user.is_procesregisseur:
        return OutboxMessage.objects.none()
    return (OutboxMessage.objects.filter(problems).filter(scope).select_related("case")
            .defer("raw").order_by("-created_at", "-pk"))


def delivery_by_ref(refs: list[str]) -> dict[str, OutboxMessage]:
    """The latest outbox message per `ref` (e.g. "invitee:12"): one query."""
    latest: dict[str, OutboxMessage] = {}
    for message in OutboxMessage.objects.filter(ref__in=refs).defer("raw").order_by("created_at", "pk"):
        latest[message.ref] = message
    return latest
