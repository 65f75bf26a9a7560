"""Documents of a case: the list, the upload and the download.

Who: whoever may read the case's personal data (the procesregisseur, a stand-in, the casusregisseur;
after closure the procesregisseur reads on) sees every document; a partner of the case (`view_shared`,
open cases only) uploads for their own organisation and sees their own uploads. Everything else is 404.
The download is a *download* in the access log (the middleware logs every case URL); files are served
as attachments with nosniff, never from a public path.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import access
from cases.views import saved
from planning import document_forms, document_services, documents
from planning.common import already_gone, delete_page
from planning.models import Document


def _readable(request, case_uuid):
    """(case, documents the user may see): all of them, or a partner's own uploads."""
    try:
        case = access.get_case(request.user, case_uuid, access.VIEW_PERSONAL_DATA)
        return case, Document.objects.filter(case=case)
    except Http404:
        case = access.get_case(request.user, case_uuid, access.VIEW_SHARED)
        return case, Document.objects.filter(case=case, uploaded_by=request.user)


def _writable(request, case_uuid):
    """(case, partner?) for an upload: an open case, as a case worker or as a partner."""
    try:
        return access.get_open_case(request.user, case_uuid, access.RECORD_PROGRESS), False
    except Http404:
        return access.get_open_case(request.user, case_uuid, access.VIEW_SHARED), True


def _may_upload(user, case) -> bool:
    return access.is_writable(case) and (user.has_perm("cases.record_progress", case)
                                         or user.has_perm("cases.view_shared", case))


def document_list(request, case_uuid):
    case, rows = _readable(request, case_uuid)
    rows = rows.select_related("source_organisation", "uploaded_by", "person")
    back = "cases:case_detail" if request.user.has_perm("cases.view_case", case) else "planning:shared"
    rows = list(rows)
    removable = document_services.removable(request.user, case, rows)
    for row in rows:
        row.removable = row.pk in removable
    return render(request, "planning/document_list.html", {
        "case": case, "documents": rows, "may_upload": _may_upload(request.user, case),
        "scanner_configured": documents.scanner_configured(),
        "back": reverse(back, kwargs={"case_uuid": case.uuid}),
    })


def document_upload(request, case_uuid):
    case, partner = _writable(request, case_uuid)
    form = document_forms.DocumentForm(request.POST or None, request.FILES or None, case=case, partner=partner)

    def upload(data):
        file = data["file"]
        source = data.get("source")
        if partner:
            source = case.involvements.filter(organisation_id=request.user.organisation_id).first()
        if file.size > settings.DOCUMENT_MAX_BYTES:
            document_services.check_file(b"", size=file.size)  # the Dutch size message, unread
        return document_services.document_upload(
            case=case, actor=request.user, data=file.read(), original_name=file.name or "",
            title=data["title"], document_date=data["document_date"], legal_basis=data["legal_basis"],
            purpose=data["purpose"], source=source, person=data.get("person"),
            source_organisation=request.user.organisation if partner else None)

    def done(document):
        return _("Document „%(title)s” toegevoegd.") % {"title": document.title} + (
            "" if document.scan_status == "clean" else " " + _("Het is niet op virussen gescand."))

    if saved(request, form, upload, done=done, field="file"):
        return redirect("planning:document_list", case_uuid=case.uuid)
    if form.is_bound and form.errors and "file" not in form.errors:
        form.add_error("file", _("Kies het bestand opnieuw; een browser bewaart het niet na een foutmelding."))
    return render(request, "planning/document_upload.html", {
        "case": case, "form": form, "scanner_configured": documents.scanner_configured(),
        "back": reverse("planning:document_list", kwargs={"case_uuid": case.uuid}),
    })


def document_download(request, case_uuid, document_id):
    case, rows = _readable(request, case_uuid)
    document = get_object_or_404(rows, pk=document_id, file_removed_at__isnull=True)
    try:
        handle = documents.path_of(document.storage_name).open("rb")
    except (OSError, ValueError) as missing:
        raise Http404 from missing
    request.access_event = "download"
    response = FileResponse(handle, as_attachment=True, filename=document.download_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def document_delete(request, case_uuid, document_id):
    """GET: which document will be removed, to confirm; POST: remove it (an upload by mistake). Only on an
    open case, by the procesregisseur or by whoever uploaded it; for anyone else the document does not exist."""
    case, _partner = _writable(request, case_uuid)
    back = reverse("planning:document_list", kwargs={"case_uuid": case.uuid})
    document = Document.objects.filter(case=case, pk=document_id).first()
    if document is None:
        # A second click of whoever manages the plan (who sees every document, so learns nothing); anyone
        # else gets 404 whether the id exists or not, so a partner cannot probe other parties' documents.
        if request.method == "POST" and request.user.has_perm("cases.manage_plan", case):
            return already_gone(request, back)
        raise Http404
    document.case = case
    if not document_services.may_remove(request.user, document):
        raise Http404
    return delete_page(request, case, title=_("Document „%(t)s” verwijderen?") % {"t": document.title},
                       what=f"{document.title} ({document.original_name or document.file_type_label})", back=back,
                       remove=lambda: document_services.document_remove(document=document, actor=request.user),
                       done=_("Document „%(t)s” verwijderd.") % {"t": document.title})

