"""The page where the beheerder and the procesregisseur see e-mail that did not arrive, and resend it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.forms import ResendForm


def _require_role(request):
    if not selectors.can_see_delivery_problems(request.user):
        raise Http404


def delivery_problems(request):
    """Failed and long-waiting e-mail in the user's scope (region or own cases), with the error."""
    _require_role(request)
    page = Paginator(selectors.problem_messages(request.user), 50).get_page(request.GET.get("page"))
    stale = services_sweep_stale()
    return render(request, "notifications/delivery_problems.html", {"page": page, "sweep_stale": stale})


def services_sweep_stale() -> bool:
    from notifications.health import sweep_is_stale

    return sweep_is_stale()


@require_POST
def delivery_resend(request):
    """Resend one message from the list, or all of them."""
    _require_role(request)
    form = ResendForm(request.POST)
    scoped = selectors.problem_messages(request.user)
    if not form.is_valid():
        messages.error(request, _("Ongeldig verzoek."))
        return redirect("notifications:delivery_problems")
    message_pk = form.cleaned_data["message"]
    if message_pk:
        message = scoped.filter(pk=message_pk).first()
        if message is None:
            messages.info(request, _("Dit bericht staat niet meer in de lijst."))
            return redirect("notifications:delivery_problems")
        services.outbox_resend(message=message, actor=request.user)
        messages.success(request, _("Het bericht wordt opnieuw verstuurd."))
    else:
        count = services.outbox_resend_all(messages=scoped, actor=request.user)
        messages.success(request, ngettext("%(n)s bericht wordt opnieuw verstuurd.",
                                           "%(n)s berichten worden opnieuw verstuurd.", count) % {"n": count})
    return redirect("notifications:delivery_problems")
