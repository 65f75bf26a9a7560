"""Afschalen (stap 5), evalueren (stap 6) and the lessons library."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases.access import get_case
from cases.constants import CaseStage
from cases.pages import confirm_page, confirmed
from cases.views import acted, form_page, saved
from closeout import lessons as lesson_services
from closeout import services
from closeout.constants import CLOSE_OUT_CRITERIA, LessonTheme
from closeout.forms import (
    CloseOutForm,
    EvaluationForm,
    EvaluationSkipForm,
    LessonActionForm,
    LessonForm,
    LessonSearchForm,
)
from closeout.models import CloseOut, Evaluation


def closeout(request, case_uuid):
    """Afschalen: the three criteria with their explanation, the handover, nazorg, and whether to evaluate."""
    case = get_case(request.user, case_uuid, "manage_plan")
    if case.stage not in (CaseStage.MONITORING, CaseStage.AFSCHALEN):
        raise Http404
    form = CloseOutForm(request.POST or None, case=case, initial=_closeout_initial(case))
    if saved(request, form, lambda _data: services.closeout_record(case=case, actor=request.user,
                                                                  **form.service_kwargs()),
             done=_("Afschaalbesluit vastgelegd.")):
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return render(request, "closeout/closeout.html", {"case": case, "form": form,
                                                        "criteria": CLOSE_OUT_CRITERIA})


def _closeout_initial(case):
    existing = CloseOut.objects.filter(case=case).first()
    if existing is None:
        return {}
    initial = {f.name: getattr(existing, f.name) for f in CloseOut._meta.fields
               if f.name not in ("id", "case", "decided_by", "decided_at", "evaluate")}
    initial["evaluate"] = "yes" if existing.evaluate else "no"
    return initial


def evaluation(request, case_uuid):
    case = get_case(request.user, case_uuid, "manage_plan")
    if case.stage != CaseStage.EVALUATIE:
        raise Http404
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        if not confirmed(request):
            return confirm_page(request, case, form, title=_("Evaluatie vastleggen en de casus afsluiten"),
                                confirm_label=_("Evaluatie vastleggen en afsluiten"))
        if saved(request, form, lambda data: services.evaluation_record(case=case, actor=request.user, **data),
                 done=_("Evaluatie vastgelegd; de casus is afgesloten. Deel wat u leerde met de andere regio's.")):
            return redirect("cases:case_detail", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("Evalueren"), intro=_(
        "Ga met alle betrokkenen na wat goed ging, wat beter kan en wat u meeneemt naar volgende zorgvragen."))


def evaluation_skip(request, case_uuid):
    case = get_case(request.user, case_uuid, "manage_plan")
    if case.stage not in (CaseStage.AFSCHALEN, CaseStage.EVALUATIE):
        raise Http404
    existing = CloseOut.objects.filter(case=case).first()
    initial = {"reason": existing.no_evaluation_reason} if existing and not existing.evaluate else {}
    form = EvaluationSkipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        if not confirmed(request):
            return confirm_page(request, case, form, title=_("Afsluiten zonder evaluatie"),
                                confirm_label=_("Afsluiten zonder evaluatie"))
        if saved(request, form, lambda data: services.evaluation_skip(case=case, actor=request.user,
                                                                      reason=data["reason"]),
                 done=_("De casus is afgesloten zonder evaluatie.")):
            return redirect("cases:case_detail", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("Afsluiten zonder evaluatie"))


def lesson_publish(request, case_uuid):
    """Share a lesson: first a preview of exactly what will be published, then publish."""
    case = get_case(request.user, case_uuid, "share_lesson")
    if not Evaluation.objects.filter(case=case, skipped=False).exists():
        raise Http404
    form = LessonForm(request.POST or None, case=case)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "publish" in request.POST:
            if saved(request, form, lambda data: lesson_services.lesson_submit(case=case, actor=request.user, **data),
                     done=_("Les aangeboden. Zodra een collega-procesregisseur van uw regio haar heeft beoordeeld, "
                            "zien alle regio's haar.")):
                return redirect("closeout:lessons")
        else:
            preview = {**form.cleaned_data, "region": case.region,
                       "theme_label": LessonTheme(form.cleaned_data["theme"]).label}
    return render(request, "closeout/lesson_form.html", {"case": case, "form": form, "preview": preview,
                                                           "evaluation": case.evaluation})


def lessons(request):
    """Lessons from all regions, searchable by theme and text (procesregisseurs, managers, beheerders).

    A POST reviews (second procesregisseur of the region) or withdraws (author, beheerder) a lesson.
    """
    user = request.user
    if not (user.is_procesregisseur or user.is_manager or user.is_beheerder):
        raise Http404
    if request.method == "POST":
        return _lesson_action(request)
    form = LessonSearchForm(request.GET or None)
    qs = lesson_services.lessons_visible_to(user)
    if form.is_valid():
        if form.cleaned_data["theme"]:
            qs = qs.filter(theme=form.cleaned_data["theme"])
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"]
            qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    for lesson in page.object_list:
        lesson.can_review = lesson_services.may_review(user, lesson)
        lesson.can_withdraw = lesson_services.may_withdraw(user, lesson)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "closeout/lessons.html", {"form": form, "page": page, "query": query.urlencode()})


def _lesson_action(request):
    form = LessonActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Deze actie is niet gelukt; probeer het opnieuw."))
        return redirect("closeout:lessons")
    lesson = get_object_or_404(lesson_services.lessons_visible_to(request.user), pk=form.cleaned_data["lesson"])
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    if action == "withdraw":
        acted(request, lambda: lesson_services.lesson_withdraw(lesson=lesson, actor=request.user, reason=reason),
              done=_("De les is ingetrokken."))
    else:
        acted(request, lambda: lesson_services.lesson_review(lesson=lesson, actor=request.user,
                                                              approve=action == "approve", reason=reason),
              done=_("De les is gedeeld met alle regio's.") if action == "approve"
              else _("De les is teruggegeven aan de auteur."))
    return redirect("closeout:lessons")
