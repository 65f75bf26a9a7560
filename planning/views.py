"""Plan van aanpak pages and the partner page. Thin: forms validate, services write, selectors read.

Every view gets its case through `cases.access`, so a user without the permission gets 404: reading
needs `view_case` (procesregisseur, casusregisseur), changing needs `manage_plan` (the case's
procesregisseur), the partner page needs `view_shared` or `view_case`. The overleg's pages are in
`planning.meeting_views`.
"""

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cases import access
from cases.models import Case
from cases.views import acted, form_page, saved
from planning import forms, selectors, services
from planning.common import already_gone as _already_gone
from planning.common import case_for as _case
from planning.common import case_url as _case_url
from planning.common import delete_page
from planning.common import short as _short
from planning.models import Activity, Analysis, Goal, Plan, SolutionDirection
from planning.pdf import render_plan_pdf

STALE_MESSAGE = gettext_lazy(
    "Iemand anders heeft dit intussen opgeslagen. Uw invoer staat hieronder nog; vergelijk met de huidige "
    "versie en sla opnieuw op."
)


def _plan(case) -> Plan | None:
    return selectors.plan_for(case)


def _saved_plan(request, case) -> Plan:
    """The case's plan, created by the first save (a plan that was never saved has no row yet)."""
    return _plan(case) or services.plan_get_or_create(case=case, actor=request.user)


def _plan_url(case) -> str:
    return reverse("planning:plan_detail", kwargs={"case_uuid": case.uuid})


# -- the plan: reading ------------------------------------------------------------------------


def plan_detail(request, case_uuid):
    case = _case(request, case_uuid, "view_case")
    plan = _plan(case)
    context = {"case": case, "plan": plan, "can_manage": request.user.has_perm("cases.manage_plan", case)}
    if plan is not None:
        context.update(selectors.plan_detail_context(plan))
        if context["can_manage"] and not plan.is_adopted:
            context["gaps"] = services.adoption_gaps(plan)
    return render(request, "planning/plan_detail.html", context)


def plan_print(request, case_uuid):
    """The plan as a clean A4 page ("afspraken op papier")."""
    case = _case(request, case_uuid, "view_case")
    plan = get_object_or_404(Plan.objects.select_related("casusregisseur", "analysis"), case=case)
    context = {"case": case, **selectors.plan_detail_context(plan)}
    request.access_event = "print"
    return render(request, "planning/plan_print.html", context)


def plan_pdf(request, case_uuid):
    case = _case(request, case_uuid, "view_case")
    plan = get_object_or_404(Plan.objects.select_related("casusregisseur", "analysis"), case=case)
    pdf = render_plan_pdf({"case": case, **selectors.plan_detail_context(plan)})
    # A download is not a disclosure: the sharing log records what each party is shown on its own page.
    request.access_event = "download"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-van-aanpak-{case.reference}-v{plan.version}.pdf"'
    return response


def shared(request, case_uuid):
    """What a partner professional sees of the case (selectors.shared_context). Each report and plan
    version shown is logged once per party in the sharing log; the procesregisseur's own look is no
    disclosure."""
    user = request.user
    cases = Case.objects.visible_to(user, "view_shared") | Case.objects.visible_to(user, "view_case")
    case = get_object_or_404(cases.select_related("region"), uuid=case_uuid)
    context = selectors.shared_context(case, user)
    if user.has_perm("cases.view_shared", case) and access.is_writable(case):
        services.shared_page_disclosures(case=case, viewer=user, ground=context["ground"],
                                         documents=selectors.shared_documents(context))
    context["progress_form"] = forms.ActivityProgressForm() if access.is_writable(case) else None
    return render(request, "planning/shared.html", context)


@require_POST
def activity_progress(request, case_uuid, activity_id):
    """A partner reports progress on an activity of their organisation."""
    case = access.get_open_case(request.user, case_uuid, access.VIEW_SHARED)
    activity = get_object_or_404(Activity.objects.select_related("scenario__plan", "organisation"),
                                 scenario__plan__case=case, pk=activity_id)
    form = forms.ActivityProgressForm(request.POST)
    back = reverse("planning:shared", kwargs={"case_uuid": case.uuid})
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    acted(request, lambda: services.activity_progress_report(activity=activity, actor=request.user,
                                                             **form.cleaned_data),
          done=_("Voortgang gemeld. De procesregisseur en casusregisseur zien het in het plan."))
    return redirect(back)


# -- the plan: changing -----------------------------------------------------------------------


def _current_values(form, initial: dict) -> list[tuple[str, str]]:
    """The saved values as (label, text), shown next to a refused form so the user can compare."""
    values = []
    for name, value in initial.items():
        field = form.fields.get(name)
        if field is None or name == "lock_version":
            continue
        if isinstance(field, django_forms.ChoiceField | django_forms.ModelChoiceField) and value not in (None, ""):
            value = next((label for key, label in field.choices if str(key) == str(value)), value)
        values.append((field.label, "" if value is None else value))
    return values


def _locked_edit(request, case, *, form_class, initial, save, title, done):
    """An edit form of the plan page with optimistic locking: a stale save is refused and the typed
    input kept beside the saved values; after a save, `done` is said and the plan page shown."""
    back = _plan_url(case)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except services.StaleEdit:
                fresh = initial()
                data = request.POST.copy()
                data["lock_version"] = fresh["lock_version"]
                form = form_class(data)
                form.is_valid()
                form.add_error(None, STALE_MESSAGE)
                return form_page(request, case, form, title=title, back=back,
                                  current=_current_values(form, fresh))
            except access.NotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, done)
                return redirect(back)
    else:
        form = form_class(initial=initial())
    return form_page(request, case, form, title=title, back=back)


def plan_edit(request, case_uuid):
    case = _case(request, case_uuid, "manage_plan")
    plan = _plan(case)

    def initial():
        fresh = _plan(case)
        return forms.PlanForm.initial_for(fresh) if fresh else {"lock_version": 1}

    def save(data):
        target = plan or services.plan_get_or_create(case=case, actor=request.user)
        services.plan_update(plan=target, actor=request.user, expected_version=data["lock_version"],
                             **{k: v for k, v in data.items() if k != "lock_version"})

    return _locked_edit(request, case, form_class=forms.PlanForm, initial=initial, save=save,
                        title=_("Plan A, plan B en afspraken"), done=_("Plan opgeslagen."))


def analysis_edit(request, case_uuid):
    case = _case(request, case_uuid, "manage_plan")

    def initial():
        analysis = Analysis.objects.filter(plan__case=case).first()
        return forms.AnalysisForm.initial_for(analysis) if analysis else {"lock_version": 1}

    def save(data):
        plan = _plan(case) or services.plan_get_or_create(case=case, actor=request.user)
        services.analysis_update(plan=plan, actor=request.user, expected_version=data["lock_version"],
                                 **{k: v for k, v in data.items() if k != "lock_version"})

    return _locked_edit(request, case, form_class=forms.AnalysisForm, initial=initial, save=save,
                        title=_("Analyse van de huidige situatie"), done=_("Analyse opgeslagen."))


def goal_add(request, case_uuid):
    case = _case(request, case_uuid, "manage_plan")
    form = forms.GoalForm(request.POST or None)
    if saved(request, form, lambda data: services.goal_add(plan=_saved_plan(request, case), actor=request.user,
                                                           text=data["text"]),
             done=_("Doel toegevoegd.")):
        if form.reads_as_treatment:
            messages.warning(request, forms.TREATMENT_WARNING)
        return redirect(_plan_url(case))
    return form_page(request, case, form, title=_("Doel toevoegen"), back=_plan_url(case))


def goal_edit(request, case_uuid, goal_id):
    case = _case(request, case_uuid, "manage_plan")
    goal = get_object_or_404(Goal.objects.select_related("plan"), plan__case=case, pk=goal_id)
    form = forms.GoalForm(request.POST or None, initial={"text": goal.text})
    if saved(request, form, lambda data: services.goal_update(goal=goal, actor=request.user, text=data["text"]),
             done=_("Doel opgeslagen.")):
        if form.reads_as_treatment:
            messages.warning(request, forms.TREATMENT_WARNING)
        return redirect(_plan_url(case))
    return form_page(request, case, form, title=_("Doel wijzigen"), back=_plan_url(case))


@require_http_methods(["GET", "POST"])
def goal_delete(request, case_uuid, goal_id):
    case = _case(request, case_uuid, "manage_plan")
    goal = Goal.objects.select_related("plan").filter(plan__case=case, pk=goal_id).first()
    if goal is None:
        return _already_gone(request, _plan_url(case))
    name = _short(goal.text)
    return delete_page(request, case, title=_("Doel „%(n)s” verwijderen?") % {"n": name}, what=goal.text,
                       back=_plan_url(case), remove=lambda: services.goal_delete(goal=goal, actor=request.user),
                       done=_("Doel „%(n)s” verwijderd.") % {"n": name})


def direction_add(request, case_uuid):
    case = _case(request, case_uuid, "manage_plan")
    form = forms.SolutionDirectionForm(request.POST or None, case=case)
    if saved(request, form, lambda data: services.solution_direction_add(plan=_saved_plan(request, case),
                                                                         actor=request.user, **data),
             done=_("Oplossingsrichting toegevoegd.")):
        return redirect(_plan_url(case))
    return form_page(request, case, form, title=_("Oplossingsrichting toevoegen"), back=_plan_url(case))


@require_http_methods(["GET", "POST"])
def direction_delete(request, case_uuid, direction_id):
    case = _case(request, case_uuid, "manage_plan")
    direction = SolutionDirection.objects.select_related("plan", "organisation").filter(
        plan__case=case, pk=direction_id).first()
    if direction is None:
        return _already_gone(request, _plan_url(case))
    name = _("%(org)s: %(text)s") % {"org": direction.organisation, "text": _short(direction.text, 40)}
    return delete_page(request, case, title=_("Oplossingsrichting „%(n)s” verwijderen?") % {"n": name},
                       what=f"{direction.organisation}: {direction.text}", back=_plan_url(case),
                       remove=lambda: services.solution_direction_delete(direction=direction, actor=request.user),
                       done=_("Oplossingsrichting „%(n)s” verwijderd.") % {"n": name})


def activity_add(request, case_uuid):
    case = _case(request, case_uuid, "manage_plan")
    plan = _plan(case)  # None until the first save creates it (a never-saved plan has no goals yet)
    initial = {"scenario": request.GET.get("scenario", "A")}
    form = forms.ActivityForm(request.POST or None, plan=plan, case=case, initial=initial)
    if saved(request, form, lambda _data: services.activity_add(plan=_saved_plan(request, case), actor=request.user,
                                                                **form.service_kwargs()),
             done=_("Activiteit toegevoegd.")):
        return redirect(_plan_url(case))
    return form_page(request, case, form, title=_("Activiteit toevoegen"), back=_plan_url(case))


def _activity(case, activity_id) -> Activity:
    return get_object_or_404(Activity.objects.select_related("scenario__plan"), scenario__plan__case=case,
                             pk=activity_id)


def activity_edit(request, case_uuid, activity_id):
    case = _case(request, case_uuid, "manage_plan")
    activity = _activity(case, activity_id)
    plan = activity.scenario.plan

    def form_class(*args, **kwargs):
        return forms.ActivityEditForm(*args, plan=plan, case=case, **kwargs)

    def initial():
        return forms.ActivityForm.initial_for(_activity(case, activity_id))

    def save(data):
        kwargs = {k: v for k, v in data.items() if k != "lock_version"}
        services.activity_update(activity=activity, actor=request.user, expected_version=data["lock_version"],
                                 **kwargs)

    return _locked_edit(request, case, form_class=form_class, initial=initial, save=save,
                        title=_("Activiteit wijzigen"), done=_("Activiteit opgeslagen."))


@require_http_methods(["GET", "POST"])
def activity_delete(request, case_uuid, activity_id):
    case = _case(request, case_uuid, "manage_plan")
    activity = Activity.objects.select_related("scenario__plan", "organisation").filter(
        scenario__plan__case=case, pk=activity_id).first()
    if activity is None:
        return _already_gone(request, _plan_url(case))
    name = _short(activity.what)
    return delete_page(request, case, title=_("Activiteit „%(n)s” verwijderen?") % {"n": name},
                       what=f"{activity.what} ({activity.organisation}, {activity.scenario.get_kind_display()})",
                       back=_plan_url(case),
                       remove=lambda: services.activity_delete(activity=activity, actor=request.user),
                       done=_("Activiteit „%(n)s” verwijderd.") % {"n": name})


def casusregisseur(request, case_uuid):
    """Appoint or change the casusregisseur (grants and revokes their access through the service)."""
    case = _case(request, case_uuid, "manage_plan")
    plan = _plan(case)
    initial = {"casusregisseur": plan.casusregisseur_id} if plan else {}
    form = forms.CasusregisseurForm(request.POST or None, case=case, initial=initial)
    if saved(request, form, lambda data: services.casusregisseur_appoint(
            plan=_saved_plan(request, case), actor=request.user, casusregisseur=data["casusregisseur"]),
             done=lambda _result: _("%(name)s is casusregisseur.") % {
                 "name": form.cleaned_data["casusregisseur"].get_full_name()}):
        return redirect(_plan_url(case))
    return form_page(request, case, form, title=_("Casusregisseur benoemen"), back=_plan_url(case))


@require_POST
def plan_adopt(request, case_uuid):
    case = _case(request, case_uuid, "manage_plan")
    plan = get_object_or_404(Plan, case=case)
    try:
        version = services.plan_adopt(plan=plan, actor=request.user)
    except services.PlanIncomplete as incomplete:
        messages.error(request, _("Het plan kan nog niet worden vastgesteld: %(r)s.") % {
            "r": "; ".join(incomplete.reasons)})
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Versie %(v)s van het plan is vastgesteld. De partijen zien het op hun pagina "
                                    "‘Gedeeld met mij’, voor zover hun grondslag het toelaat.") % {
            "v": version.number})
    return redirect(_plan_url(case))


def plan_switch_b(request, case_uuid):
    """Switch execution to plan B: one recorded action with its reason."""
    case = _case(request, case_uuid, "manage_plan")
    plan = get_object_or_404(Plan.objects.prefetch_related("scenarios"), case=case)
    form = forms.SwitchToBForm(request.POST or None)
    switch = lambda data: services.plan_switch_to_b(plan=plan, actor=request.user, reason=data["reason"])  # noqa: E731
    if saved(request, form, switch, done=_("Plan B is nu in werking. De overstap staat in de tijdlijn.")):
        return redirect(_case_url(case))
    trigger = next((s.trigger for s in plan.scenarios.all() if s.kind == "B"), "")
    return form_page(request, case, form, title=_("Overstappen op plan B"), back=_plan_url(case),
                      intro=trigger and _("Afgesproken voorwaarde: %(t)s") % {"t": trigger},
                      submit_label=_("Plan B in werking stellen"))
