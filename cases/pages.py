"""Confirmation before an irreversible step about a case (closing it): what was filled in, what will happen,
and two buttons. The form page itself is `cases.views.form_page`.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
