"""Overleg pages: planning, changing and cancelling a meeting, its invitees, the verslag and decisions.

Thin: forms validate, services write, selectors read. Every view gets its case through `cases.access`
(`planning.common.case_for`), so a user without the permission gets 404: reading needs `view_case`,
changing needs `manage_plan` (the case's procesregisseur).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.views import form_page
from planning import forms, meeting_forms, meeting_services, selectors, services
from planning.common import NotAllowed
from planning.common import after_delete as _after_delete
from planning.common import already_gone as _already_gone
from planning.common import case_for as _case
from planning.common import case_url as _case_url
from planning.common import confirm_delete as _confirm_delete
from planning.common import refused as _refused
from planning.constants import MeetingKind
from planning.invitations import PUBLISH, build_calendar
from planning.models import Decision, Meeting, MeetingInvitee


def _meeting(case, meeting_id) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("organizer"), case=case, pk=meeting_id)


def _meeting_url(meeting) -> str:
    return reverse("planning:meeting_detail", kwargs={"case_uuid": meeting.case.uuid, "meeting_id": meeting.pk})



def meeting_create(request, case_uuid):
    case = _case(request, case_uuid, "manage_plan")
    # ?kind=opschalingsoverleg (from resolving an escalation) preselects the kind of meeting.
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in MeetingKind.values else None
    form = meeting_forms.MeetingForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.meeting_schedule(case=case, actor=request.user, invitees=form.invitees(),
                                                **form.service_kwargs())
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, _("Overleg gepland. De genodigden met een e-mailadres krijgen een uitnodiging "
                                        "met agenda-bijlage."))
            return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Overleg plannen"), back=_case_url(case))


def meeting_detail(request, case_uuid, meeting_id):
    case = _case(request, case_uuid, "view_case")
    meeting = _meeting(case, meeting_id)
    context = selectors.meeting_detail_context(meeting)
    can_manage = request.user.has_perm("cases.manage_plan", case)
    context.update({
        "case": case,
        "can_manage": can_manage,
        "invitee_form": meeting_forms.InviteeForm(case=case) if can_manage and not meeting.is_cancelled else None,
        "decision_form": meeting_forms.DecisionForm() if can_manage and not meeting.is_cancelled else None,
    })
    return render(request, "planning/meeting_detail.html", context)


def meeting_ics(request, case_uuid, meeting_id):
    """The meeting as an .ics file to put in one's own calendar (METHOD:PUBLISH: no reply expected)."""
    case = _case(request, case_uuid, "view_case")
    meeting = _meeting(case, meeting_id)
    ics = build_calendar(meeting, method=PUBLISH, invitees=list(meeting.invitees.select_related("user")))
    request.access_event = "export"
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="overleg-{case.reference}-{meeting.pk}.ics"'
    return response


def meeting_edit(request, case_uuid, meeting_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.MeetingForm(request.POST or None, case=case, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_update(meeting=meeting, actor=request.user, **form.service_kwargs())
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, _("Overleg gewijzigd. De genodigden krijgen een bijgewerkte uitnodiging."))
            return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Overleg wijzigen"), back=_meeting_url(meeting))


def meeting_cancel(request, case_uuid, meeting_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting_services.meeting_cancel(meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Overleg geannuleerd. De genodigden krijgen een annulering voor hun agenda."))
        return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Overleg annuleren"), back=_meeting_url(meeting),
                      submit_label=_("Overleg annuleren"), submit_class="btn-danger")


def meeting_record(request, case_uuid, meeting_id):
    """The verslag: minutes, agenda a–d discussed, the seven success conditions, attendance."""
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.MeetingRecordForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_record(meeting=meeting, actor=request.user, **form.service_kwargs())
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, _("Verslag opgeslagen."))
            return redirect(_meeting_url(meeting))
    return render(request, "planning/meeting_record.html", {"case": case, "meeting": meeting, "form": form})


def invitee_add(request, case_uuid, meeting_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.InviteeForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.invitee_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, _("Genodigde toegevoegd."))
            return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Genodigde toevoegen"), back=_meeting_url(meeting))


@require_http_methods(["GET", "POST"])
def invitee_remove(request, case_uuid, meeting_id, invitee_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    invitee = MeetingInvitee.objects.select_related("user", "organisation").filter(meeting=meeting,
                                                                                   pk=invitee_id).first()
    if invitee is None:
        return _already_gone(request, _meeting_url(meeting))
    name = invitee.display_name
    if request.method == "GET":
        return _confirm_delete(
            request, case, title=_("Genodigde „%(n)s” verwijderen?") % {"n": name}, what=name,
            back=_meeting_url(meeting),
            warning=_("Wie al een uitnodiging kreeg, krijgt een annulering voor de agenda.") if invitee.invited_at
            else "")
    meeting_services.invitee_remove(invitee=invitee, actor=request.user)
    messages.success(request, _("Genodigde „%(n)s” verwijderd.") % {"n": name})
    return redirect(_after_delete(_meeting_url(meeting)))


def decision_add(request, case_uuid, meeting_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting_services.decision_add(meeting=meeting, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Besluit vastgelegd."))
        return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Besluit vastleggen"), back=_meeting_url(meeting))


def decision_to_activity(request, case_uuid, meeting_id, decision_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    decision = get_object_or_404(Decision, meeting=meeting, pk=decision_id)
    form = forms.ActivityForm(request.POST or None, plan=selectors.plan_for(case), case=case,
                              initial={"what": decision.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_to_activity(decision=decision, actor=request.user, **form.service_kwargs())
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, _("Het besluit staat nu als activiteit in het plan."))
            return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Besluit als activiteit in het plan"), back=_meeting_url(meeting))
