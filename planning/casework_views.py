"""Pages for the work between meetings. Writes need `record_progress` on an open case (the
procesregisseur and the casusregisseur), through `cases.access`."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access
from cases.views import acted, form_page, saved
from planning import casework_forms, casework_services
from planning.common import case_url as _case_url
from planning.models import Contact, Meeting, OtherTable


def _open_case(request, case_uuid):
    return access.get_open_case(request.user, case_uuid, access.RECORD_PROGRESS)


def _form(request, case, form, save, *, title, done, intro=""):
    if saved(request, form, save, done=done):
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


def _stamp(request, case_uuid, model, pk, stamp, done):
    """A POST that marks one record of the case done or ended (`stamp(record)`), then back to the case."""
    case = _open_case(request, case_uuid)
    record = get_object_or_404(model, case=case, pk=pk)
    acted(request, lambda: stamp(record), done=done)
    return redirect(_case_url(case))


@require_POST
def follow_up_done(request, case_uuid, contact_id):
    return _stamp(request, case_uuid, Contact, contact_id,
                  lambda contact: casework_services.follow_up_done(contact=contact, actor=request.user),
                  _("Vervolg afgerond."))


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
    return _stamp(request, case_uuid, OtherTable, table_id,
                  lambda table: casework_services.other_table_end(table=table, actor=request.user),
                  _("Het andere overleg staat als beëindigd."))
