"""The one form page of the app: a form about one case (planning, monitoring, privacy and cases use it).

`form_page` renders `case_form.html`: the title with the case reference, an optional intro, the saved
version next to a refused stale edit (`current`), the form's errors, and the way back. The form keeps a
draft of what is typed in the browser (static/js/drafts.js) until it is saved.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def form_page(request, case, form, *, title, back: str = "", intro="", status: int = 200, **extra):
    """Render `form` about `case`; `back` defaults to the case page. `extra` may hold `current`
    (saved values as (label, value) pairs), `submit_label` and `submit_class`."""
    return render(request, "case_form.html", {
        "case": case, "form": form, "title": title, "intro": intro,
        "back": back or reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}), **extra,
    }, status=status)


CLOSING_CONSEQUENCES = (
    _("De casus wordt afgesloten en is daarna alleen nog te lezen; niemand kan er nog iets aan wijzigen."),
    _("De casusregisseur en de partijen verliezen hun toegang tot de casus; open monitormomenten vervallen."),
    _("U (en een waarnemer) blijft de casus lezen; alleen een gepland nazorgcontact kan nog worden vastgelegd."),
    _("Na de bewaartermijn van de regio worden de persoonsgegevens gewist."),
)


def confirmed(request) -> bool:
    """Whether a valid form was sent from its confirmation page (see `confirm_page`)."""
    return request.method == "POST" and "confirm" in request.POST


def confirm_page(request, case, form, *, title, consequences=CLOSING_CONSEQUENCES, confirm_label="",
                 back: str = ""):
    """Before an irreversible step (closing the case): what was filled in, what will happen, and two
    buttons — confirm (the same POST with `confirm`) or go back to the form with everything kept."""
    summary = []
    for name, field in form.fields.items():
        if field.widget.is_hidden or name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        choices = dict((str(k), v) for k, v in getattr(field, "choices", ()) or ())
        summary.append((field.label, choices.get(str(value), value)))
    return render(request, "confirm.html", {
        "case": case, "form": form, "title": title, "summary": summary, "consequences": consequences,
        "confirm_label": confirm_label or _("Bevestigen"),
        "back": back or reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}),
    })
