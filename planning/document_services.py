"""Writes of documents: upload (type by content, size limit, clamd), and removing the files at
retention and on erasure (registered with the privacy app in `PlanningConfig.ready()`)."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, timeline
from cases.models import Case, Involvement, Person
from planning import documents
from planning.common import NotAllowed
from planning.constants import PlanningEvent
from planning.models import Document, ScanStatus
from zvh.models import Organisation, User


def check_file(data: bytes, *, size: int) -> documents.FileType:
    """The accepted type of the file, or NotAllowed saying why not (Dutch)."""
    if size > settings.DOCUMENT_MAX_BYTES:
        raise NotAllowed(_("Het bestand is %(size)s; het mag hoogstens %(max)s zijn.")
                         % {"size": filesizeformat(size), "max": filesizeformat(settings.DOCUMENT_MAX_BYTES)})
    if not data:
        raise NotAllowed(_("Het bestand is leeg."))
    try:
        file_type = documents.detect(data)
    except documents.Refused as refused:
        raise NotAllowed(str(refused)) from refused
    if file_type is None:
        raise NotAllowed(_("Dit soort bestand wordt niet aangenomen (gekeken naar de inhoud, niet naar de naam). "
                           "Kies een PDF, een Office-document (Word, Excel, PowerPoint, OpenDocument) of een "
                           "afbeelding (JPEG, PNG, GIF, WebP)."))
    return file_type


def document_upload(*, case: Case, actor: User, data: bytes, original_name: str, title: str, document_date: date,
                    legal_basis: str, purpose: str, source: Involvement | None = None,
                    source_organisation: Organisation | None = None, person: Person | None = None) -> Document:
    """Check, scan and store a document of the case; refused with a Dutch reason (NotAllowed)."""
    access.ensure_writable(case)
    if source is not None and source.case_id != case.pk:
        raise NotAllowed(_("Deze partij hoort niet bij deze casus."))
    if person is not None and person.case_id != case.pk:
        raise NotAllowed(_("Deze persoon hoort niet bij deze casus."))
    if document_date > timezone.localdate():
        raise NotAllowed(_("De datum van het document ligt in de toekomst."))
    file_type = check_file(data, size=len(data))
    try:
        result = documents.scan(data)
    except documents.ScannerUnavailable as error:
        raise NotAllowed(_("De virusscanner is nu niet bereikbaar; het document is niet opgeslagen. Probeer het "
                           "later opnieuw.")) from error
    if result.virus:
        raise NotAllowed(_("De virusscanner vond %(virus)s in dit bestand; het is niet opgeslagen.")
                         % {"virus": result.virus})
    storage_name, sha256 = documents.store(data)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case=case, title=title.strip(), person=person, source=source,
                source_organisation=source_organisation or (source.organisation if source else None),
                document_date=document_date, legal_basis=legal_basis, purpose=purpose.strip(),
                original_name=original_name[:255], content_type=file_type.mime, size=len(data), sha256=sha256,
                storage_name=storage_name, uploaded_by=actor,
                scan_status=ScanStatus.CLEAN if result.scanned else ScanStatus.NOT_SCANNED)
            timeline.record(case, PlanningEvent.DOCUMENT_UPLOADED, actor=actor, description=document.title)
    except BaseException:
        documents.remove(storage_name)  # no row, no file
        raise
    return document


def removable(user: User, case: Case, rows) -> set[int]:
    """Ids of the documents among `rows` (of `case`) that `user` may remove: whoever manages the case's plan
    any of them, anyone else only their own uploads; only while the case is open. One permission check for
    the whole list (cases.access decides who reaches the case at all)."""
    if not access.is_writable(case):
        return set()
    if user.has_perm("cases.manage_plan", case):
        return {row.pk for row in rows}
    return {row.pk for row in rows if row.uploaded_by_id == user.pk}


def may_remove(user: User, document: Document) -> bool:
    return document.pk in removable(user, document.case, [document])


@transaction.atomic
def document_remove(*, document: Document, actor: User) -> None:
    """A document uploaded by mistake (the wrong case, the wrong file) goes as a whole: the row with its title
    and file name, and the file once that is committed. The timeline says which document went and who removed it."""
    access.ensure_writable(document.case)
    if not may_remove(actor, document):
        raise NotAllowed(_("Alleen de procesregisseur of wie het document toevoegde, kan het verwijderen."))
    if not Document.objects.select_for_update().filter(pk=document.pk).exists():
        return  # removed a moment ago (another tab, a colleague): the same outcome, told once on the timeline
    timeline.record(document.case, PlanningEvent.DOCUMENT_REMOVED, actor=actor, description=document.title)
    storage_name = document.storage_name
    document.delete()
    transaction.on_commit(lambda: documents.remove(storage_name))


def _remove_files(rows) -> int:
    """Stamp these documents as removed and delete their files once that is committed (idempotent): a rolled
    back retention or erasure leaves the files in place, as its rows say."""
    now, count = timezone.now(), 0
    for pk, storage_name in rows.filter(file_removed_at__isnull=True).values_list("pk", "storage_name"):
        Document.objects.filter(pk=pk).update(file_removed_at=now)
        transaction.on_commit(lambda name=storage_name: documents.remove(name))
        count += 1
    return count


def remove_files_of_cases(case_ids) -> int:
    """Retention: the files of anonymised cases go (their titles and names go with the map)."""
    return _remove_files(Document.objects.filter(case_id__in=list(case_ids)))


def remove_files_about_person(person: Person) -> int:
    """Erasure of a person: a file about them cannot be cut in parts, so it goes as a whole."""
    return _remove_files(Document.objects.filter(person=person))
