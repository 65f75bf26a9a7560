from django import template

register = template.Library()


@register.filter
def criterion_holds(close_out, name):
    return bool(getattr(close_out, name, False))


@register.filter
def criterion_explanation(close_out, name):
    return getattr(close_out, f"{name}_explanation", "")
