from django import template

from cases.models import Case

register = template.Library()


@register.simple_tag
def shared_cases(user, limit: int = 10):
    """Open cases whose shared parts (meetings, own activities) `user` may see, newest first. One query."""
    if not user.is_authenticated:
        return []
    return list(Case.objects.visible_to(user, "view_shared").open().order_by("-opened_at")[:limit])
