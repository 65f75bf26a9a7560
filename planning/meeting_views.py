"""Overleg pages: planning, changing and cancelling a meeting, its invitees, the verslag and decisions.

Thin: forms validate, services write, selectors read. Every view gets its case through `cases.access`
(`planning.common.case_for`), so a user without the permission gets 404: reading needs `view_case`,
changing needs `manage_plan` (the case's procesregisseur).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import access
from cases.views import acted, form_page, saved
from planning import forms, meeting_forms, meeting_services, selectors, services
from planning.common import NotAllowed, delete_page
from planning.common import already_gone as _already_gone
from planning.common import case_for as _case
from planning.common import case_url as _case_url
from planning.constants import MeetingKind, RsvpStatus
from planning.invitations import PUBLISH, build_calendar
from planning.models import Decision, Meeting, MeetingInvitee, YouthVoice


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
    planned = []
    if saved(request, form, lambda _data: planned.append(meeting_services.meeting_schedule(
            case=case, actor=request.user, invitees=form.invitees(), **form.service_kwargs())),
             done=_("Overleg gepland. De genodigden met een e-mailadres krijgen een uitnodiging met agenda-bijlage.")):
        meeting = planned[0]
        without = [i.display_name for i in meeting.invitees.select_related("user", "organisation") if not i.has_email]
        if without:
            messages.warning(request, _("Geen e-mailadres, dus geen uitnodiging per e-mail voor: %(names)s. Druk "
                                        "hun uitnodiging af op de pagina van het overleg.") % {
                "names": ", ".join(without)})
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
        "can_record": can_manage and not meeting.is_cancelled and meeting.has_started,
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
    if saved(request, form, lambda _data: meeting_services.meeting_update(meeting=meeting, actor=request.user,
                                                                          **form.service_kwargs()),
             done=_("Overleg gewijzigd. De genodigden krijgen een bijgewerkte uitnodiging.")):
        return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Overleg wijzigen"), back=_meeting_url(meeting))


def meeting_cancel(request, case_uuid, meeting_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.CancelMeetingForm(request.POST or None)
    if saved(request, form, lambda data: meeting_services.meeting_cancel(meeting=meeting, actor=request.user,
                                                                         reason=data["reason"]),
             done=_("Overleg geannuleerd. De genodigden krijgen een annulering voor hun agenda.")):
        return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Overleg annuleren"), back=_meeting_url(meeting),
                      submit_label=_("Overleg annuleren"), submit_class="btn-danger")


def meeting_record(request, case_uuid, meeting_id):
    """The verslag: minutes, agenda a–d discussed, the seven success conditions, attendance."""
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.MeetingRecordForm(request.POST or None, meeting=meeting)
    if saved(request, form, lambda _data: meeting_services.meeting_record(meeting=meeting, actor=request.user,
                                                                          **form.service_kwargs()),
             done=_("Verslag opgeslagen.")):
        return redirect(_meeting_url(meeting))
    return render(request, "planning/meeting_record.html", {"case": case, "meeting": meeting, "form": form,
                                                            "voices": list(meeting.voices.select_related("person"))})


def invitee_add(request, case_uuid, meeting_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.InviteeForm(request.POST or None, case=case)
    if saved(request, form, lambda data: meeting_services.invitee_add(meeting=meeting, actor=request.user, **data),
             done=_("Genodigde toegevoegd.")):
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
    return delete_page(
        request, case, title=_("Genodigde „%(n)s” verwijderen?") % {"n": name}, what=name,
        back=_meeting_url(meeting),
        warning=_("Wie al een uitnodiging kreeg, krijgt een annulering voor de agenda.") if invitee.invited_at else "",
        remove=lambda: meeting_services.invitee_remove(invitee=invitee, actor=request.user),
        done=_("Genodigde „%(n)s” verwijderd.") % {"n": name})


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
    if saved(request, form, lambda _data: services.decision_to_activity(decision=decision, actor=request.user,
                                                                        **form.service_kwargs()),
             done=_("Het besluit staat nu als activiteit in het plan.")):
        return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Besluit als activiteit in het plan"), back=_meeting_url(meeting))


def voice_add(request, case_uuid, meeting_id):
    """The youth's voice: how the youth or a parent took part, and their own words."""
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    form = meeting_forms.VoiceForm(request.POST or None, case=case)
    if saved(request, form, lambda data: meeting_services.voice_record(meeting=meeting, actor=request.user, **data),
             done=_("De stem van de jeugdige of ouder is vastgelegd.")):
        return redirect(_meeting_url(meeting))
    return form_page(request, case, form, title=_("Stem van de jeugdige of ouder"), back=_meeting_url(meeting),
                     intro=_("Praat met de jeugdige en ouders, niet over hen. Leg vast hoe zij deelnamen en wat zij "
                             "zelf zeiden."))


@require_http_methods(["GET", "POST"])
def voice_delete(request, case_uuid, meeting_id, voice_id):
    """GET: what will be removed, to confirm; POST: remove it, and say what was removed (issue 20)."""
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    voice = YouthVoice.objects.select_related("person").filter(meeting=meeting, pk=voice_id).first()
    if voice is None:
        return _already_gone(request, _meeting_url(meeting))
    who = voice.who
    return delete_page(request, case, title=_("Stem van „%(n)s” verwijderen?") % {"n": who},
                       what=f"{who} — {voice.get_mode_display()}", back=_meeting_url(meeting),
                       remove=lambda: meeting_services.voice_delete(voice=voice, actor=request.user),
                       done=_("Stem van „%(n)s” verwijderd.") % {"n": who})


def invitation_print(request, case_uuid, meeting_id, invitee_id):
    """A printable invitation for an invitee without an e-mail address (to send by post or hand over)."""
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    invitee = get_object_or_404(MeetingInvitee.objects.select_related("organisation", "user"), meeting=meeting,
                                pk=invitee_id)
    request.access_event = "print"
    return render(request, "planning/invitation_print.html", {"case": case, "meeting": meeting, "invitee": invitee})


@require_POST
def invitation_handed_over(request, case_uuid, meeting_id, invitee_id):
    case = _case(request, case_uuid, "manage_plan")
    meeting = _meeting(case, meeting_id)
    invitee = get_object_or_404(MeetingInvitee, meeting=meeting, pk=invitee_id)
    acted(request, lambda: meeting_services.invitation_handed_over(invitee=invitee, actor=request.user),
          done=_("Vastgelegd: %(n)s heeft de uitnodiging op papier.") % {"n": invitee.display_name})
    return redirect(_meeting_url(meeting))


@require_POST
def invitation_respond(request, case_uuid, meeting_id, invitee_id):
    """An invited partner accepts or declines in the app (from their page 'Gedeeld met mij')."""
    case = access.get_case(request.user, case_uuid, access.VIEW_SHARED)
    invitee = get_object_or_404(MeetingInvitee.objects.select_related("meeting"), meeting__case=case,
                                meeting_id=meeting_id, pk=invitee_id, user=request.user)
    acted(request, lambda: meeting_services.invitation_answer(invitee=invitee, answer=request.POST.get("answer", ""),
                                                              actor=request.user, note=request.POST.get("note", "")),
          done=_("Uw antwoord is doorgegeven aan de procesregisseur."))
    return redirect(reverse("planning:shared", kwargs={"case_uuid": case.uuid}))


@login_not_required
def invitation_answer(request, token):
    """The single-use link in the invitation e-mail: accept or decline without logging in.

    Shows only the case reference, the meeting's kind, time and place (what the e-mail already said).
    GET writes nothing (mail scanners follow links); the answer is a POST; the link is then used up.
    """
    invitee = meeting_services.invitee_for_token(token)
    context = {"invitee": invitee, "meeting": invitee.meeting if invitee else None, "answered": None}
    if invitee is not None and request.method == "POST":
        try:
            invitee = meeting_services.invitation_answer(
                invitee=invitee, answer=request.POST.get("answer", ""), actor=None,
                note=request.POST.get("note", ""))
        except NotAllowed as error:
            context["error"] = str(error)
        else:
            context["answered"] = invitee.get_rsvp_display()
    status = 404 if invitee is None and context["answered"] is None else 200
    context["choices"] = [(RsvpStatus.ACCEPTED, _("Ik kom")), (RsvpStatus.DECLINED, _("Ik kom niet"))]
    return render(request, "planning/invitation_answer.html", context, status=status)
