"""Pages for the work between meetings. Writes need `record_progress` on an open case (the
procesregisseur and the casusregisseur), through `cases.access`."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access
from cases.views import form_page
from planning import casework_forms, casework_services
from planning.common import NotAllowed
from planning.common import case_url as _case_url
from planning.common import refused as _refused
from planning.models import Contact, Meeting, OtherTable


def _open_case(request, case_uuid):
    return access.get_open_case(request.user, case_uuid, access.RECORD_PROGRESS)


def _form(request, case, form, save, *, title, done, intro=""):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, done)
            return redirect(_case_url(case))
    return form_page(request, case, form, title=title, intro=intro)


def contact_add(request, case_uuid):
    case = _open_case(request, case_uuid)
    form = casework_forms.ContactForm(request.POST or None, case=case)
    return _form(request, case, form,
                 lambda data: casework_services.contact_record(case=case, actor=request.user, **data),
                 title=_("Contact vastleggen"), done=_("Contact vastgelegd."),
                 intro=_("Vinger aan de pols: leg telefoontjes en gesprekken tussen de overleggen vast, met het "
                         "afgesproken vervolg."))


@require_POST
def follow_up_done(request, case_uuid, contact_id):
    case = _open_case(request, case_uuid)
    contact = get_object_or_404(Contact, case=case, pk=contact_id)
    casework_services.follow_up_done(contact=contact, actor=request.user)
    messages.success(request, _("Vervolg afgerond."))
    return redirect(_case_url(case))


def evaluation_add(request, case_uuid):
    """The evaluation questions; `?overleg=<id>` ties the answers to an overleg of the case."""
    case = _open_case(request, case_uuid)
    meeting_id = request.GET.get("overleg")
    meeting = Meeting.objects.filter(case=case, pk=meeting_id).first() if (meeting_id or "").isdigit() else None
    form = casework_forms.EvaluationForm(request.POST or None)
    return _form(request, case, form,
                 lambda data: casework_services.evaluation_answer(case=case, actor=request.user, meeting=meeting,
                                                                  **data),
                 title=_("Evaluatievragen"), done=_("Antwoorden vastgelegd; ze staan in de trend op de casus."))


def other_table_add(request, case_uuid):
    case = _open_case(request, case_uuid)
    form = casework_forms.OtherTableForm(request.POST or None)
    return _form(request, case, form,
                 lambda data: casework_services.other_table_record(case=case, actor=request.user, **data),
                 title=_("Ander overleg vastleggen"), done=_("Vastgelegd."))


@require_POST
def other_table_end(request, case_uuid, table_id):
    case = _open_case(request, case_uuid)
    table = get_object_or_404(OtherTable, case=case, pk=table_id)
    casework_services.other_table_end(table=table, actor=request.user)
    messages.success(request, _("Het andere overleg staat als beëindigd."))
    return redirect(_case_url(case))
