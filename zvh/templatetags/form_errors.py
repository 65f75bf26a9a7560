"""The error summary of a failed form (WCAG 3.3.1, issue 20), for every page through templates/base.html.

`{% form_errors as errors %}` finds every bound form and formset in the page's context and lists
its errors: each with the field's (unique) label and a link to the field. base.html puts the list at
the top of the page in a box that receives focus, and prefixes the page title with "Fout:".
"""

from django import template
from django.forms import BaseForm, BaseFormSet, RadioSelect
from django.utils.translation import gettext as _

register = template.Library()


def _form_errors(form: BaseForm) -> list[dict]:
    if not form.is_bound or not form.errors:
        return []
    errors = []
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            target = next((form[f].auto_id for f in form.fields if not form.fields[f].widget.is_hidden), "")
            errors += [{"label": "", "message": m, "target": target} for m in messages]
            continue
        bound = form[name]
        label = form.fields[name].label or name
        target = bound.auto_id
        if isinstance(bound.field.widget, RadioSelect) and bound.subwidgets:  # radios, checkbox lists: the first
            target = bound.subwidgets[0].id_for_label
        errors += [{"label": label, "message": m, "target": target} for m in messages]
    return errors


def _formset_errors(formset: BaseFormSet) -> list[dict]:
    if not formset.is_bound:
        return []
    errors = []
    for message in formset.non_form_errors():
        first = formset.forms[0] if formset.forms else None
        target = next((first[f].auto_id for f in first.fields), "") if first is not None else ""
        errors.append({"label": "", "message": message, "target": target})
    for form in formset.forms:
        errors += _form_errors(form)
    return errors


@register.simple_tag(takes_context=True)
def form_errors(context) -> list[dict]:
    """Every error of every bound form and formset in the context, in page order of the context."""
    seen, errors = set(), []
    for layer in context.dicts:
        for value in layer.values():
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, BaseFormSet):
                errors += _formset_errors(value)
            elif isinstance(value, BaseForm):
                errors += _form_errors(value)
    return errors


@register.simple_tag
def error_count_text(errors) -> str:
    n = len(errors)
    return _("Het formulier is niet opgeslagen: er is %(n)s fout.") % {"n": n} if n == 1 else \
        _("Het formulier is niet opgeslagen: er zijn %(n)s fouten.") % {"n": n}
