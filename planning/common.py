"""Helpers shared by the meetings half (meeting_services/_views/_forms) and the plan half
(services/views/forms) of the planning app: the stage rules, optimistic locking, the page helpers
and the people a case can name.
"""

from django.contrib import messages
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import access
from cases.constants import CaseStage
from cases.forms import UserChoiceField
from cases.models import Case
from cases.services import NotAllowed, StaleEdit
from cases.views import acted
from zvh.constants import Function
from zvh.models import User

__all__ = [
    "MEETING_STAGES",
    "PLAN_STAGES",
    "NotAllowed",
    "PersonChoiceField",
    "StaleEdit",
    "after_delete",
    "already_gone",
    "case_for",
    "case_url",
    "claim",
    "confirm_delete",
    "delete_page",
    "display_name",
    "region_people",
    "require_stage",
    "short",
]

# Stages in which meetings can be held and the plan can change.
MEETING_STAGES = {CaseStage.INTAKE, CaseStage.OVERLEG, CaseStage.PLAN, CaseStage.MONITORING,
                  CaseStage.AFSCHALEN, CaseStage.EVALUATIE}
PLAN_STAGES = {CaseStage.OVERLEG, CaseStage.PLAN, CaseStage.MONITORING}


# -- services ---------------------------------------------------------------------------------


def require_stage(case: Case, stages: set[str], message: str) -> None:
    access.ensure_writable(case)
    if case.stage not in stages:
        raise NotAllowed(message)


def claim(model, obj, expected_version: int) -> None:
    """Optimistic lock: bump `lock_version` only if it is still `expected_version`, else StaleEdit.

    One conditional UPDATE, so two concurrent saves can never both win (on SQLite and PostgreSQL).
    """
    updated = model.objects.filter(pk=obj.pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1
    )
    if not updated:
        raise StaleEdit
    obj.lock_version = expected_version + 1


def display_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


# -- views ------------------------------------------------------------------------------------


def case_for(request, case_uuid, perm: str) -> Case:
    """The case if the user may do `perm` on it now (cases.access); 404 otherwise."""
    return access.get_case(request.user, case_uuid, perm)


def case_url(case) -> str:
    return reverse("cases:case_detail", kwargs={"case_uuid": case.uuid})


def already_gone(request, url):
    """A delete posted twice (double click, second tab): the same outcome, no error page.

    Only reached by someone allowed to manage the case's plan, so nothing leaks.
    """
    messages.info(request, _("Dit was al verwijderd."))
    return redirect(url)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def confirm_delete(request, case, *, title, what, back, warning=""):
    """GET on a delete URL: say what will be removed and ask to confirm (the POST removes it)."""
    return render(request, "planning/confirm_delete.html",
                  {"case": case, "title": title, "what": what, "back": back, "warning": warning})


def after_delete(url: str) -> str:
    """Back to the page, with focus on the message that names what was removed (templates/base.html)."""
    return f"{url}#meldingen"


def delete_page(request, case, *, title, what, back, remove, done, warning=""):
    """A delete URL (issue 20): GET says what will be removed and asks to confirm; POST runs `remove()`
    and goes back with focus on the message `done` that names what was removed, or on the refusal.
    Any other method (HEAD, OPTIONS: no CSRF check) removes nothing."""
    if request.method == "GET":
        return confirm_delete(request, case, title=title, what=what, back=back, warning=warning)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    acted(request, remove, done=done)
    return redirect(after_delete(back))


# -- forms ------------------------------------------------------------------------------------


class PersonChoiceField(UserChoiceField):
    """A user with their organisation, so namesakes of different parties can be told apart."""

    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation})" if obj.organisation_id else name


def region_people(region):
    """Users of the region who can take part in a case (partner professionals and procesregisseurs)."""
    return (
        User.objects.filter(region=region, is_active=True, function__in=[Function.PARTNER, Function.PROCESREGISSEUR])
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name")
    )
