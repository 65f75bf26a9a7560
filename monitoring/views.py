from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cases import caseload
from cases.access import get_case
from cases.models import Case
from cases.views import form_page, saved
from monitoring import services
from monitoring.constants import CheckInKind
from monitoring.forms import (
    ArrangementForm,
    CheckInRecordForm,
    CheckInScheduleForm,
    EscalationForm,
    EscalationResolveForm,
)
from monitoring.models import CheckIn, Escalation, MonitoringArrangement, Notification, ProgressNote
from zvh.models import User

# -- notifications ----------------------------------------------------------------------------

def notifications(request):
    """Everything the user was notified of, newest first; unread ones stand out."""
    qs = Notification.objects.filter(recipient=request.user).select_related("case")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "monitoring/notifications.html", {"page": page})


@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id")
    # Only plain ASCII ids that fit a bigint: "²".isdigit() is true and 10**30 overflows the database.
    count = services.notifications_mark_read(
        user=request.user, ids=[int(i) for i in ids if i.isascii() and i.isdigit() and len(i) <= 18] if ids else None
    )
    messages.success(request, ngettext("%(n)s melding als gelezen gemarkeerd.",
                                       "%(n)s meldingen als gelezen gemarkeerd.", count) % {"n": count})
    return redirect("monitoring:notifications")


# -- the casusregisseur's page ----------------------------------------------------------------

def casusregie(request):
    """The cases where the user is casusregisseur: what is due first, and the two main actions."""
    cases = caseload.attention_order(caseload.with_rows(
        Case.objects.visible_to(request.user, "record_progress").exclude(procesregisseur=request.user).open()
    )).select_related("procesregisseur").prefetch_related(caseload.youth_prefetch())
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    page.object_list = caseload.decorate(page.object_list, user=request.user)
    return render(request, "monitoring/casusregie.html", {
        "page": page, "title": _("Mijn casusregie"),
        "table": {"youth": True, "details": True, "owner": True, "casusregie": True}})


# -- check-ins --------------------------------------------------------------------------------

def _checkin_candidates(case):
    from planning.models import Plan

    ids = {case.procesregisseur_id}
    plan = Plan.objects.filter(case=case).only("casusregisseur_id").first()
    if plan:
        ids.add(plan.casusregisseur_id)
    return User.objects.filter(pk__in=ids - {None})


def checkin_add(request, case_uuid):
    case = get_case(request.user, case_uuid, "manage_plan")
    form = CheckInScheduleForm(request.POST or None, candidates=_checkin_candidates(case))
    if saved(request, form, lambda data: services.checkin_schedule(case=case, actor=request.user, **data),
             done=_("Monitormoment gepland."), field="scheduled_on"):
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("Monitormoment plannen"))


def arrangement(request, case_uuid):
    case = get_case(request.user, case_uuid, "manage_plan")
    current = MonitoringArrangement.objects.filter(case=case).first()
    initial = ({"frequency_days": current.frequency_days, "not_needed": current.not_needed,
                "not_needed_reason": current.not_needed_reason} if current else {})
    form = ArrangementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.arrangement_set(case=case, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Afspraken over monitoren vastgelegd."))
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("Afspraken over monitoren"), intro=_(
        "Niet elke zorgvraag hoeft gemonitord te worden. Kies een ritme, of leg vast waarom het niet nodig is."))


def _case_for_checkin(user, case_uuid):
    """Check-ins are recorded on an open case (record_progress); after closure only the nazorg
    contact, by the procesregisseur (record_nazorg)."""
    try:
        return get_case(user, case_uuid, "record_progress")
    except Http404:
        return get_case(user, case_uuid, "record_nazorg")


def checkin_record(request, case_uuid, checkin_id):
    """Record progress: the casusregisseur's (or procesregisseur's) report of a check-in."""
    from planning.models import Activity, EvaluationAnswer, Goal

    case = _case_for_checkin(request.user, case_uuid)
    checkin = get_object_or_404(CheckIn.objects.select_related("done_by", "assignee"), case=case, pk=checkin_id)
    if case.is_closed and checkin.kind != CheckInKind.NAZORG:
        raise Http404
    if checkin.is_done:
        return _checkin_already_recorded(request, case, checkin)
    goals = Goal.objects.filter(plan__case=case)
    activities = Activity.objects.filter(scenario__plan__case=case, scenario__kind=case.plan.active_scenario) \
        if hasattr(case, "plan") else Activity.objects.none()
    form = CheckInRecordForm(request.POST or None, goals=goals, activities=activities, evaluation=not case.is_closed)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_record(
                checkin=checkin, actor=request.user, progress=form.cleaned_data["progress"],
                cooperation=form.cleaned_data["cooperation"], notes=form.progress_notes(),
                next_on=form.cleaned_data["next_on"], evaluation=form.evaluation() if not case.is_closed else None,
            )
        except services.MonitoringRefused as refused:
            checkin.refresh_from_db()
            if checkin.is_done:  # recorded in another tab a moment ago
                return _checkin_already_recorded(request, case, checkin)
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Voortgang vastgelegd."))
            return redirect("cases:case_detail", case_uuid=case.uuid)
    last_evaluation = EvaluationAnswer.objects.filter(case=case).order_by("-answered_on", "-pk").first()
    return render(request, "monitoring/checkin_record.html",
                  {"case": case, "checkin": checkin, "form": form, "last_evaluation": last_evaluation})


def _checkin_already_recorded(request, case, checkin):
    """The back button after recording, or a second tab: say so and show what was recorded (POST: 409)."""
    checkin = CheckIn.objects.select_related("done_by").prefetch_related(
        Prefetch("notes", ProgressNote.objects.select_related("goal", "activity"))).get(pk=checkin.pk)
    next_checkin = CheckIn.objects.filter(case=case, done_at__isnull=True).order_by("scheduled_on").first()
    return render(request, "monitoring/checkin_done.html", {"case": case, "c": checkin, "next_checkin": next_checkin},
                  status=409 if request.method == "POST" else 200)


# -- opschaling -------------------------------------------------------------------------------

def escalate(request, case_uuid):
    case = get_case(request.user, case_uuid, "record_progress")
    form = EscalationForm(request.POST or None)
    if saved(request, form, lambda data: services.escalation_raise(case=case, actor=request.user, **data),
             done=_("Opgeschaald. De procesregisseur is direct op de hoogte gebracht.")):
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return form_page(request, case, form, title=_("Opschalen naar de procesregisseur"), intro=_(
        "Loopt de uitvoering of de samenwerking vast, of is er zorg over de veiligheid? De procesregisseur "
        "krijgt direct een melding en roept zo nodig het overleg opnieuw bijeen."))


def _escalation(request, case_uuid, escalation_id):
    case = get_case(request.user, case_uuid, "manage_plan")
    return case, get_object_or_404(Escalation, case=case, pk=escalation_id)


@require_POST
def escalation_acknowledge(request, case_uuid, escalation_id):
    case, escalation = _escalation(request, case_uuid, escalation_id)
    services.escalation_acknowledge(escalation=escalation, actor=request.user)
    messages.success(request, _("Opschaling opgepakt."))
    return redirect("cases:case_detail", case_uuid=case.uuid)


def escalation_resolve(request, case_uuid, escalation_id):
    case, escalation = _escalation(request, case_uuid, escalation_id)
    form = EscalationResolveForm(request.POST or None)
    resolve = lambda data: services.escalation_resolve(escalation=escalation, actor=request.user, **data)  # noqa: E731
    if saved(request, form, resolve):
        if form.cleaned_data["outcome"] == "overleg":
            messages.success(request, _("De casus staat weer in de fase Overleg. Plan het opschalingsoverleg."))
            url = reverse("planning:meeting_create", kwargs={"case_uuid": case.uuid})
            return redirect(f"{url}?kind=opschalingsoverleg")
        messages.success(request, _("Opschaling afgehandeld."))
        return redirect("cases:case_detail", case_uuid=case.uuid)
    return render(request, "monitoring/escalation_resolve.html", {"case": case, "escalation": escalation,
                                                                   "form": form})
