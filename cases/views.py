from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from guardian.core import ObjectPermissionChecker

from cases import access, caseload, hooks, known_persons, search, services, workflow
from cases.constants import CaseStage, TriageDecision
from cases.filters import CaseFilter
from cases.forms import (
    AssignForm,
    CaseRegisterForm,
    InformationCorrectForm,
    InformationItemForm,
    IntakeForm,
    InvolvementCorrectForm,
    InvolvementForm,
    PartyFormSet,
    PersonCorrectForm,
    PersonForm,
    PersonFormSet,
    ReassignForm,
    RemoveForm,
    StandInForm,
    TransitionForm,
    TriageForm,
)
from cases.models import Case, InformationItem, Involvement, Person, StandIn
from cases.pages import confirm_page, confirmed
from cases.stepper import EVALUATION_QUESTIONS, GUIDANCE, stepper

# ---------------------------------------------------------------------------------------------
# Scoped access: get_case / get_open_case live in cases.access (the one policy).

get_case = access.get_case


def form_page(request, case, form, *, title, intro="", back=None, status=200, **extra):
    """The one form page about a case (templates/case_form.html); `back` defaults to the case page."""
    return render(request, "case_form.html",
                  {"case": case, "form": form, "title": title, "intro": intro, "back": back, **extra}, status=status)


def _say(request, done, result) -> None:
    if done:
        messages.success(request, done(result) if callable(done) else done)


def saved(request, form, save, *, done=None, field=None) -> bool:
    """The one way a form page writes: on a valid POST `save(cleaned_data)` runs and `done` (a text, or a
    function of what `save` returned) is said. The service's refusal (`access.NotAllowed` and its kinds)
    becomes the form's error, so the page comes back with what was typed. True when it was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        result = save(form.cleaned_data)
    except access.CaseReadOnly:
        raise  # closed a moment ago: CaseReadOnlyMiddleware answers (the case page, or 404 without access)
    except access.NotAllowed as refused:
        form.add_error(field, str(refused))
        return False
    _say(request, done, result)
    return True


def acted(request, act, *, done=None) -> bool:
    """A POST-only action (remove, adopt, report): `act()` runs; a refusal is said as an error message, success
    as `done` (a text, or a function of what `act` returned). True when it was done."""
    try:
        result = act()
    except access.CaseReadOnly:
        raise
    except access.NotAllowed as refused:
        messages.error(request, str(refused))
        return False
    _say(request, done, result)
    return True


def _require_procesregisseur(user):
    if not (user.is_procesregisseur and user.region_id):
        raise Http404


def _paginated_list(request, queryset, *, region=None, details=True, search_names=True):
    """A filtered, sorted page of cases with their rows filled in (cases.caseload): a fixed number of
    queries whatever the number of cases. `details` adds the next action and escalation (not on the
    region list, which shows no content); `search_names` lets the search find persons' names."""
    case_filter = CaseFilter(request.GET or None, queryset=caseload.with_rows(queryset, details=details),
                             region=region, user=request.user, search_names=search_names)
    qs = case_filter.qs.select_related("procesregisseur", "region")
    if details:
        qs = qs.prefetch_related(caseload.youth_prefetch())
    if not getattr(case_filter.form, "cleaned_data", {}).get("sort"):
        qs = caseload.attention_order(qs, details=details)
    page = Paginator(qs, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    rows = caseload.decorate(page.object_list, user=request.user, details=details)
    if case_filter.search_text:
        # Searching names is a search in personal data: the access log records it as such.
        request.access_event = "search"
        reasons = search.match_reasons(rows, case_filter.search_text, names=search_names,
                                       readable_ids={c.pk for c in rows if c.may_read_names})
        for case in rows:
            case.match_reasons = reasons.get(case.pk, [])
    page.object_list = rows
    query = request.GET.copy()
    query.pop("page", None)
    return case_filter, page, query.urlencode()


# ---------------------------------------------------------------------------------------------
# Lists


def my_cases(request):
    """Mijn casussen: every case the user works on (as procesregisseur, stand-in or casusregisseur),
    what needs attention first, searchable by name, reference and organisation."""
    case_filter, page, query = _paginated_list(
        request, Case.objects.visible_to(request.user),
        region=request.user.region if request.user.is_procesregisseur else None,
    )
    return render(request, "cases/case_list.html", {
        "title": _("Mijn casussen"), "filter": case_filter, "page": page, "query": query,
        "table": {"youth": True, "details": True, "owner": True},
    })


def region_list(request):
    """The region's cases for its team of procesregisseurs: reference, stage and owner, no content."""
    _require_procesregisseur(request.user)
    return _region_page(request, ReassignForm(region=request.user.region))


def _region_page(request, reassign_form):
    region = request.user.region
    case_filter, page, query = _paginated_list(request, Case.objects.in_region(region), region=region,
                                               details=False, search_names=False)
    return render(request, "cases/region_list.html", {
        "title": _("Casussen %(region)s") % {"region": region.name}, "filter": case_filter, "page": page,
        "query": query, "reassign_form": reassign_form,
        "table": {"select": True, "owner": True, "link_own_only": True, "assign": True},
    })


@require_POST
def reassign(request):
    """Hand a selection of cases, or a colleague's whole caseload, to another procesregisseur."""
    _require_procesregisseur(request.user)
    region = request.user.region
    form = ReassignForm(request.POST, region=region)
    if form.is_valid():
        cases = Case.objects.in_region(region)
        if form.cleaned_data["cases"]:
            cases = cases.filter(pk__in=[c.pk for c in form.cleaned_data["cases"]])
        else:
            cases = cases.filter(procesregisseur=form.cleaned_data["from_user"])
        count = services.caseload_reassign(cases=cases, to=form.cleaned_data["to_user"], actor=request.user,
                                           reason=form.cleaned_data["reason"])
        messages.success(request, ngettext("%(count)s casus overgedragen aan %(name)s.",
                                           "%(count)s casussen overgedragen aan %(name)s.", count) % {
            "count": count, "name": form.cleaned_data["to_user"].get_full_name()})
        return redirect("cases:region_list")
    return _region_page(request, form)


def triage_list(request):
    """Aanmeldingen waiting for the region team's triage."""
    _require_procesregisseur(request.user)
    cases = (
        Case.objects.visible_to(request.user, "triage_case")
        .select_related("referrer_organisation")
        .with_urgency_rank()
        .order_by("urgency_rank", "opened_at")
    )
    page = Paginator(cases, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/triage_list.html", {"page": page})


def my_referrals(request):
    """The aanmeldingen this user registered, with the triage outcome."""
    cases = (
        Case.objects.visible_to(request.user, "view_referral")
        .select_related("referrer_organisation", "region")
        .order_by("-opened_at")
    )
    page = Paginator(cases, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/referral_list.html", {"page": page})


# ---------------------------------------------------------------------------------------------
# Aanmelding and triage


def register(request):
    """Aanmelden: the case, the persons concerned and the parties to invite, in one form."""
    user = request.user
    if not user.region_id or not (user.is_partner or user.is_procesregisseur):
        raise Http404
    region = user.region
    initial = {"referrer_organisation": user.organisation_id}
    if request.method == "POST":
        form = CaseRegisterForm(request.POST, region=region)
        persons = PersonFormSet(request.POST, prefix="persons", queryset=Person.objects.none())
        parties = PartyFormSet(request.POST, prefix="parties", form_kwargs={"region": region})
        if form.is_valid() and persons.is_valid() and parties.is_valid():
            case = services.case_register(
                actor=user,
                region=region,
                persons=[
                    {k: v for k, v in f.cleaned_data.items() if k != "id"}
                    for f in persons.forms if f.has_changed() and f.cleaned_data
                ],
                parties=[f.cleaned_data for f in parties.forms if f.has_changed() and f.cleaned_data],
                **form.cleaned_data,
            )
            messages.success(request, _("Aanmelding %(ref)s is ontvangen. Het team van %(zvh)s beoordeelt haar.")
                             % {"ref": case.reference, "zvh": region.name})
            return redirect("cases:referral_detail", case_uuid=case.uuid)
        messages.error(request, _("De aanmelding is nog niet verstuurd: verbeter de gemarkeerde velden."))
    else:
        form = CaseRegisterForm(region=region, initial=initial)
        persons = PersonFormSet(prefix="persons", queryset=Person.objects.none())
        parties = PartyFormSet(prefix="parties", form_kwargs={"region": region})
    return render(request, "cases/register.html", {"form": form, "persons": persons, "parties": parties})


def referral_detail(request, case_uuid):
    """The aanmelding as registered, the outcome of triage, and whether persons are already known."""
    case = get_case(request.user, case_uuid, "view_referral")
    checker = ObjectPermissionChecker(request.user)
    can_triage = checker.has_perm("triage_case", case)
    form = TriageForm(region=case.region) if can_triage else None
    return _render_referral(request, case, form, checker)


def _render_referral(request, case, form, checker, status=200):
    return render(request, "cases/referral_detail.html", {
        "case": case,
        "persons": case.persons.all(),
        "parties": case.involvements.filter(to_invite=True).select_related("organisation"),
        # Only the region's triage team sees the person-known check (logged, rate-limited); others get None.
        "known": known_persons.known_person_check(case=case, user=request.user, request=request),
        "triage_form": form,
        "can_view_case": checker.has_perm("view_case", case),
    }, status=status)


@require_POST
def triage(request, case_uuid):
    try:
        case = get_case(request.user, case_uuid, "triage_case")
    except Http404:
        return _triage_already_decided(request, case_uuid)
    form = TriageForm(request.POST, region=case.region)
    if form.is_valid():
        try:
            case = services.case_triage(case=case, actor=request.user, **form.cleaned_data)
        except workflow.TransitionRefused:
            return _triage_already_decided(request, case_uuid)  # decided in another tab a moment ago
        except services.NotAllowed as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Triagebesluit vastgelegd: %(d)s.") % {
                "d": case.get_triage_decision_display()})
            checker = ObjectPermissionChecker(request.user)
            if checker.has_perm("view_case", case):
                return redirect("cases:case_detail", case_uuid=case.uuid)
            return redirect("cases:triage_list")
    return _render_referral(request, case, form, ObjectPermissionChecker(request.user))


def _triage_already_decided(request, case_uuid):
    """A triage sent from a stale tab: say that it was decided, by whom and how — to the region's team only.

    The team saw the aanmelding while it waited; it learns the outcome, not the case's content. Anyone else
    (another region, a partner, an anonymised case) gets the 404 that `get_case` gave.
    """
    user = request.user
    case = (Case.objects.filter(uuid=case_uuid, anonymised_at__isnull=True)
            .exclude(triage_decision=TriageDecision.PENDING).select_related("triaged_by", "region").first())
    if case is None or not access.is_eligible(user, access.Relation.PROCESREGISSEUR, case.region_id):
        raise Http404
    can_view = ObjectPermissionChecker(user).has_perm("view_case", case)
    return render(request, "cases/triage_decided.html", {"case": case, "can_view_case": can_view}, status=409)


# ---------------------------------------------------------------------------------------------
# The case page and the intake


def case_detail(request, case_uuid):
    case = get_case(request.user, case_uuid)
    checker = ObjectPermissionChecker(request.user)
    checker.prefetch_perms([case])
    perms = set(checker.get_perms(case))
    return render(request, "cases/case_detail.html", _case_context(case, perms, request))


TIMELINE_PAGE = 30


def _timeline(case, page: int):
    """One page of the timeline, newest first: stage changes and events merged. Two queries, each
    limited to what the page needs, whatever the length of the case's history."""
    upto = page * TIMELINE_PAGE + 1  # one more tells whether an older page exists
    items = sorted(
        [*case.stage_changes.select_related("actor").order_by("-created_at", "-pk")[:upto],
         *case.events.select_related("actor").order_by("-created_at", "-pk")[:upto]],
        key=lambda item: item.created_at,
        reverse=True,
    )
    return items[(page - 1) * TIMELINE_PAGE:page * TIMELINE_PAGE], len(items) > page * TIMELINE_PAGE


def _timeline_page(request) -> int:
    value = request.GET.get("tijdlijn", "") if request is not None else ""
    return min(int(value), 1000) if value.isascii() and value.isdigit() and int(value) >= 1 else 1


def _case_context(case, perms, request=None, **extra):
    page = _timeline_page(request)
    timeline, older = _timeline(case, page)
    context = {
        "case": case,
        "perms": perms,
        "steps": stepper(case),
        "exit_conditions": workflow.exit_status(case),
        "guidance": GUIDANCE.get(case.stage),
        "evaluation_questions": EVALUATION_QUESTIONS,
        "persons": case.persons.all(),
        "involvements": case.involvements.select_related("organisation", "contact_user"),
        "information_items": case.information_items.select_related("source__organisation", "person"),
        "timeline": timeline,
        "timeline_page": page,
        "timeline_older": older,
        "transition_form": (TransitionForm(case=case)
                            if "transition_case" in perms and workflow.ALLOWED_TRANSITIONS[case.stage] else None),
        "stagnating": case.is_stagnating(),
        "stand_ins": list(access.active_stand_ins(case).select_related("stand_in")),
    }
    context.update(hooks.case_page_context(case, perms))
    context.update(extra)
    return context


def intake_edit(request, case_uuid):
    case = access.get_open_case(request.user, case_uuid)
    if request.method == "POST":
        form = IntakeForm(request.POST, instance=Case.objects.get(pk=case.pk))
        if form.is_valid():
            try:
                services.case_update_intake(
                    case=case, actor=request.user, expected_version=form.cleaned_data["version"],
                    zorgvraag=form.cleaned_data["zorgvraag"], urgency=form.cleaned_data["urgency"],
                )
            except services.StaleEdit:
                # Keep what the user typed, show what is saved now, and let them save again on top of it.
                current = Case.objects.get(pk=case.pk)
                data = request.POST.copy()
                data["version"] = current.version
                form = IntakeForm(data, instance=Case.objects.get(pk=case.pk))
                form.is_valid()
                form.add_error(None, _(
                    "Iemand anders heeft de zorgvraag intussen gewijzigd. Uw tekst staat hieronder nog; "
                    "vergelijk met de huidige versie en sla opnieuw op."))
                return render(request, "cases/intake_form.html", {"case": current, "form": form, "current": current})
            messages.success(request, _("Zorgvraag opgeslagen."))
            return redirect("cases:case_detail", case_uuid=case.uuid)
    else:
        form = IntakeForm(instance=case)
    return render(request, "cases/intake_form.html", {"case": case, "form": form})


def _case_subform(request, case_uuid, *, form_class, service, success_message, title):
    case = access.get_open_case(request.user, case_uuid)
    if request.method == "POST":
        form = form_class(request.POST, case=case)
        if form.is_valid():
            service(case=case, actor=request.user, **form.cleaned_data)
            messages.success(request, success_message)
            return redirect("cases:case_detail", case_uuid=case.uuid)
    else:
        form = form_class(case=case)
    return form_page(request, case, form, title=title)


def person_add(request, case_uuid):
    return _case_subform(request, case_uuid, form_class=PersonForm, service=services.person_add,
                         success_message=_("Persoon toegevoegd."),
                         title=_("Persoon toevoegen"))


def involvement_add(request, case_uuid):
    return _case_subform(request, case_uuid, form_class=InvolvementForm, service=services.involvement_add,
                         success_message=_("Partij toegevoegd."),
                         title=_("Betrokken partij toevoegen"))


def information_add(request, case_uuid):
    return _case_subform(request, case_uuid, form_class=InformationItemForm,
                         service=services.information_item_add,
                         success_message=_("Informatie vastgelegd."), title=_("Informatie vastleggen"))


# ---------------------------------------------------------------------------------------------
# Corrections after the intake: persons, parties, information — with the reason, on the timeline.

CORRECTABLE = {
    # kind (also the services' keyword) → (model, correction form, correct service, remove service, its name)
    "person": (Person, PersonCorrectForm, services.person_correct, services.person_remove, _lazy("persoon")),
    "involvement": (Involvement, InvolvementCorrectForm, services.involvement_correct, services.involvement_remove,
                    _lazy("partij")),
    "item": (InformationItem, InformationCorrectForm, services.information_item_correct,
             services.information_item_remove, _lazy("informatie")),
}


def _correctable(request, case_uuid, kind, pk):
    case = access.get_open_case(request.user, case_uuid)
    model = CORRECTABLE[kind][0]
    obj = get_object_or_404(model, case=case, pk=pk)
    if kind == "person":
        request.access_person_id = obj.pk
        if obj.erased_at:
            raise Http404
    return case, obj


def _correct(request, case_uuid, kind, pk):
    case, obj = _correctable(request, case_uuid, kind, pk)
    _model, form_class, correct, _remove, name = CORRECTABLE[kind]
    form = form_class(request.POST or None, instance=obj, case=case)
    if saved(request, form, lambda _data: correct(**{kind: obj}, actor=request.user, **form.correction(),
                                                  **form.changes()),
             done=_("De correctie is opgeslagen; de eerdere gegevens en de reden staan in de tijdlijn.")):
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("%(what)s corrigeren") % {"what": str(name).capitalize()},
                     intro=_("Wat u wijzigt, komt met de eerdere gegevens en de reden in de tijdlijn. Vraagt de "
                             "betrokkene om correctie (rectificatie), vink dat dan aan."))


def _remove(request, case_uuid, kind, pk):
    case, obj = _correctable(request, case_uuid, kind, pk)
    _model, _form, _correct_service, remove, name = CORRECTABLE[kind]
    form = RemoveForm(request.POST or None)
    if saved(request, form, lambda _data: remove(**{kind: obj}, actor=request.user, **form.correction()),
             done=_("Verwijderd; de reden staat in de tijdlijn.")):
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("%(what)s verwijderen") % {"what": str(name).capitalize()},
                     intro=_("U verwijdert: %(obj)s. Dit kan niet ongedaan worden gemaakt; de tijdlijn houdt bij "
                             "wat er verwijderd is en waarom.") % {"obj": obj},
                     submit_label=_("Verwijderen"), submit_class="btn-danger")


def _correction_views(kind: str, id_name: str):
    """The correct and remove pages of one kind of record, its id named `id_name` in the URL."""

    def edit(request, case_uuid, **ids):
        return _correct(request, case_uuid, kind, ids[id_name])

    def remove(request, case_uuid, **ids):
        return _remove(request, case_uuid, kind, ids[id_name])

    return edit, remove


person_edit, person_remove = _correction_views("person", "person_id")
involvement_edit, involvement_remove = _correction_views("involvement", "involvement_id")
information_edit, information_remove = _correction_views("item", "item_id")


@require_POST
def transition(request, case_uuid):
    case = get_case(request.user, case_uuid, "transition_case")
    form = TransitionForm(request.POST, case=case)
    editing = "edit" in request.POST  # back from the confirmation page: show the form again
    if editing:
        pass
    elif form.is_valid() and form.cleaned_data["to_stage"] == CaseStage.CLOSED and not confirmed(request):
        try:
            workflow.check(case, CaseStage.CLOSED, form.cleaned_data["reason"])
        except workflow.TransitionRefused as refused:
            form.add_error(None, _("Deze stap kan nog niet: %(r)s.") % {"r": "; ".join(refused.reasons)})
        else:
            return confirm_page(request, case, form, title=_("De casus afsluiten"),
                                confirm_label=_("Casus afsluiten"))
    elif form.is_valid():
        try:
            with transaction.atomic():
                services.case_transition(case=case, to=form.cleaned_data["to_stage"], actor=request.user,
                                         reason=form.cleaned_data["reason"])
        except workflow.TransitionRefused as refused:
            form.add_error(None, _("Deze stap kan nog niet: %(r)s.") % {"r": "; ".join(refused.reasons)})
        else:
            messages.success(request, _("De casus staat nu in de fase %(s)s.") % {
                "s": CaseStage(form.cleaned_data["to_stage"]).label})
            return redirect("cases:case_detail", case_uuid=case.uuid)
    checker = ObjectPermissionChecker(request.user)
    perms = set(checker.get_perms(case))
    context = _case_context(case, perms, transition_form=form)
    return render(request, "cases/case_detail.html", context)


def assign(request, case_uuid):
    """A colleague of the region (re)assigns the procesregisseur of an open case, with a reason.

    The region list shows no content, so this page shows only the reference and the current owner;
    the previous procesregisseur is told, and the step is on the timeline and in the access log.
    """
    _require_procesregisseur(request.user)
    case = get_object_or_404(
        Case.objects.in_region(request.user.region).open().filter(anonymised_at__isnull=True)
        .select_related("procesregisseur"), uuid=case_uuid)
    if request.method == "POST":
        form = AssignForm(request.POST, region=case.region)
        if form.is_valid():
            services.case_assign(case=case, procesregisseur=form.cleaned_data["procesregisseur"],
                                 actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("%(ref)s is toegewezen aan %(name)s.") % {
                "ref": case.reference, "name": form.cleaned_data["procesregisseur"].get_full_name()})
            if ObjectPermissionChecker(request.user).has_perm("view_case", case):
                return redirect("cases:case_detail", case_uuid=case.uuid)
            return redirect("cases:region_list")
    else:
        form = AssignForm(region=case.region, initial={"procesregisseur": case.procesregisseur_id})
    return render(request, "cases/assign.html", {"case": case, "form": form})


# ---------------------------------------------------------------------------------------------
# Waarneming (stand-in)


def stand_ins(request):
    """The region's stand-in periods; a procesregisseur arranges their own, the manager anyone's."""
    user = request.user
    if not (user.region_id and (user.is_procesregisseur or user.is_manager)):
        raise Http404
    form = StandInForm(request.POST or None, user=user)
    if saved(request, form, lambda data: services.stand_in_set(actor=user, **data), done=_("Waarneming vastgelegd.")):
        return redirect("cases:stand_ins")
    periods = (StandIn.objects.filter(region=user.region, ends_on__gte=timezone.localdate() - timedelta(days=30))
               .select_related("absent", "stand_in").order_by("-starts_on")[:50])
    return render(request, "cases/stand_ins.html", {"form": form, "periods": periods,
                                                     "today": timezone.localdate()})


@require_POST
def stand_in_end(request, stand_in_id):
    user = request.user
    if not (user.region_id and (user.is_procesregisseur or user.is_manager)):
        raise Http404
    record = get_object_or_404(StandIn, pk=stand_in_id, region=user.region)
    acted(request, lambda: services.stand_in_end(record=record, actor=user), done=_("Waarneming beëindigd."))
    return redirect("cases:stand_ins")
