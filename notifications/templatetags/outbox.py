from django import template

from notifications.selectors import delivery_by_ref

register = template.Library()


@register.simple_tag
def attach_delivery(objects, prefix: str) -> str:
    """Set `.delivery` on each object: its latest outbox message with ref "<prefix>:<pk>" (one query)."""
    objects = list(objects)
    latest = delivery_by_ref([f"{prefix}:{obj.pk}" for obj in objects]) if objects else {}
    for obj in objects:
        obj.delivery = latest.get(f"{prefix}:{obj.pk}")
    return ""
