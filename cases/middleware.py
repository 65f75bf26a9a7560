"""A write that reaches a case closed a moment ago (a second tab, a double submit) is told so, not a 500."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from cases.access import CaseReadOnly


class CaseReadOnlyMiddleware:
    """Turn CaseReadOnly raised by a view or service into a redirect to the case page with a message.

    The policy already grants no write on a closed case (its write URLs answer 404); this covers the
    race where the case was closed between loading the page and saving: the user is told why it was not
    saved instead of seeing an error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CaseReadOnly):
            return None
        messages.warning(request, str(exception))
        case_uuid = getattr(getattr(request, "resolver_match", None), "kwargs", {}).get("case_uuid")
        return redirect(reverse("cases:case_detail", kwargs={"case_uuid": case_uuid}) if case_uuid else "home")
