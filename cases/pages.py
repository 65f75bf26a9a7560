"""The one form page of the app: a form about one case (planning, monitoring, privacy and cases use it).

`form_page` renders `case_form.html`: the title with the case reference, an optional intro, the saved
version next to a refused stale edit (`current`), the form's errors, and the way back. The form keeps a
draft of what is typed in the browser (static/js/drafts.js) until it is saved.
"""

from django.shortcuts import render
from django.urls import reverse


def form_page(request, case, form, *, title, back: str = "", intro="", status: int = 200, **extra):
    """Render `form` about `case`; `back` defaults to the case page. `extra` may hold `current`
    (saved values as (label, value) pairs), `submit_label` and `submit_class`."""
    return render(request, "case_form.html", {
        "case": case, "form": form, "title": title, "intro": intro,
        "back": back or reverse("cases:case_detail", kwargs={"case_uuid": case.uuid}), **extra,
    }, status=status)
