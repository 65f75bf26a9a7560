"""Issue 15: documents — type by content, size limit, private storage, a permission-checked and logged
download, partners' uploads, read-only after closure, retention, erasure, inzage, and clamd."""

import io
import socket
import struct
import threading
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import PersonFactory
from planning import document_services, documents
from planning.models import Document
from privacy.models import AccessLog

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


DOCX_BYTES = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"


def _url(name, case, **kwargs):
    return reverse(f"planning:{name}", kwargs={"case_uuid": case.uuid, **kwargs})


def _post(client, case, content=PDF_BYTES, name="verslag.pdf", **fields):
    data = {"file": SimpleUploadedFile(name, content), "title": "Verslag school",
            "document_date": timezone.localdate().isoformat(), "legal_basis": "publieke_taak",
            "purpose": "Procesregie rond de zorgvraag", **fields}
    return client.post(_url("document_upload", case), data)


def _stored_files() -> list[Path]:
    return [p for p in Path(settings.DOCUMENTS_ROOT).rglob("*") if p.is_file()]


# -- what a file is ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "mime"), [
    (PDF_BYTES, "application/pdf"), (PNG_BYTES, "image/png"), (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
    (b"GIF89a" + b"\x00" * 8, "image/gif"), (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    (DOCX_BYTES, documents.DOCX.mime),
    (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), documents.XLSX.mime),
    (_zip({"mimetype": documents.ODT.mime.encode(), "content.xml": b"<x/>"}), documents.ODT.mime),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, documents.OLE.mime),
])
def test_accepted_types_are_recognised_by_content(content, mime):
    assert documents.detect(content).mime == mime


@pytest.mark.parametrize("content", [
    EXE_BYTES, b"<html><script>alert(1)</script></html>", _zip({"payload.exe": EXE_BYTES}), b"PK\x03\x04broken",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"",
])
def test_other_content_is_not_recognised(content):
    assert documents.detect(content) is None


def test_office_documents_with_macros_are_refused():
    docm = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>", "word/vbaProject.bin": b"x"})
    with pytest.raises(document_services.NotAllowed, match="macro"):
        document_services.check_file(docm, size=len(docm))


# -- upload, list and download -----------------------------------------------------------------------


def test_procesregisseur_uploads_a_document_kept_outside_public_paths_and_said_to_be_unscanned(client, pworld):
    case, person = pworld.case, PersonFactory(case=pworld.case)
    client.force_login(pworld.user("procesregisseur"))
    page = client.get(_url("document_upload", case)).content.decode()
    assert 'enctype="multipart/form-data"' in page and "niet op virussen gescand" in page
    source = case.involvements.first()
    response = _post(client, case, source=source.pk, person=person.pk)
    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert (document.content_type, document.size, document.scan_status) == ("application/pdf", len(PDF_BYTES),
                                                                            "not_scanned")
    assert document.source == source and document.source_organisation == source.organisation
    assert document.person == person and document.uploaded_by == pworld.user("procesregisseur")
    stored = documents.path_of(document.storage_name)
    assert stored.read_bytes() == PDF_BYTES and stored.stat().st_mode & 0o077 == 0
    assert Path(settings.DOCUMENTS_ROOT) in stored.parents
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT)) and "verslag" not in str(stored)
    assert case.events.filter(kind="document_uploaded").exists()
    listing = client.get(_url("document_list", case)).content.decode()
    assert "Verslag school" in listing and "niet op virussen gescand" in listing
    assert 'data-testid="not-scanned-notice"' in listing


def test_a_renamed_executable_is_refused_in_dutch_keeping_what_was_typed(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = _post(client, pworld.case, content=EXE_BYTES, name="verslag.pdf", title="Mijn getypte titel",
                     source=pworld.case.involvements.first().pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "wordt niet aangenomen (gekeken naar de inhoud, niet naar de naam)" in html
    assert "Mijn getypte titel" in html
    assert not Document.objects.exists() and not _stored_files()


def test_the_size_limit_comes_from_the_setting(client, pworld, settings):
    settings.DOCUMENT_MAX_BYTES = 20
    client.force_login(pworld.user("procesregisseur"))
    response = _post(client, pworld.case, source=pworld.case.involvements.first().pk)
    assert response.status_code == 200 and "hoogstens 20\xa0bytes" in response.content.decode()
    assert not Document.objects.exists() and not _stored_files()


def test_missing_fields_give_dutch_errors_and_ask_for_the_file_again(client, pworld):
    client.force_login(pworld.user("procesregisseur"))
    response = _post(client, pworld.case, title="Brief GGZ", document_date="31-02-2026", legal_basis="x")
    html = response.content.decode()
    assert response.status_code == 200 and "Brief GGZ" in html and "Kies het bestand opnieuw" in html
    assert not Document.objects.exists()


def test_download_is_an_attachment_with_nosniff_and_in_the_access_log(client, pworld):
    case = pworld.case
    document = document_services.document_upload(
        case=case, actor=pworld.user("procesregisseur"), data=PNG_BYTES, original_name="foto.html",
        title="Foto van de kamer", document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel")
    client.force_login(pworld.user("casusregisseur"))
    response = client.get(_url("document_download", case, document_id=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Type"] == "image/png"  # by content: the .html name plays no part
    assert response["Content-Disposition"].startswith("attachment;") and 'filename="foto-van-de-kamer.png"' in \
        response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    entry = AccessLog.objects.filter(case_id=case.pk, path__endswith=f"/documenten/{document.pk}/").get()
    assert (entry.event, entry.outcome, entry.user_id) == ("download", "success", pworld.user("casusregisseur").pk)


def test_a_partner_uploads_for_their_organisation_and_sees_only_their_own(client, pworld):
    case, partner = pworld.case, pworld.user("partner")
    other = document_services.document_upload(
        case=case, actor=pworld.user("procesregisseur"), data=PDF_BYTES, original_name="a.pdf",
        title="Verslag van de procesregisseur", document_date=timezone.localdate(), legal_basis="publieke_taak",
        purpose="Doel")
    client.force_login(partner)
    assert "Document toevoegen" in client.get(_url("shared", case)).content.decode()
    form = client.get(_url("document_upload", case)).content.decode()
    assert 'name="person"' not in form and 'name="source"' not in form  # no persons of the case for a partner
    assert _post(client, case, title="Proces-verbaal").status_code == 302
    mine = Document.objects.get(title="Proces-verbaal")
    assert mine.source_organisation == pworld.police and mine.uploaded_by == partner
    listing = client.get(_url("document_list", case)).content.decode()
    assert "Proces-verbaal" in listing and "Verslag van de procesregisseur" not in listing
    assert client.get(_url("document_download", case, document_id=mine.pk)).status_code == 200
    assert client.get(_url("document_download", case, document_id=other.pk)).status_code == 404
    client.force_login(pworld.user("outsider"))
    for name, kwargs in (("document_list", {}), ("document_upload", {}),
                         ("document_download", {"document_id": mine.pk})):
        response = client.get(_url(name, case, **kwargs))
        assert response.status_code == 404 and case.reference.encode() not in response.content


def test_a_closed_case_is_read_only_for_documents(client, pworld):
    from cases import services as case_services

    case, procesregisseur = pworld.case, pworld.user("procesregisseur")
    document = document_services.document_upload(
        case=case, actor=procesregisseur, data=PDF_BYTES, original_name="a.pdf", title="Brief",
        document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel")
    case_services.case_transition(case=case, to="closed", actor=procesregisseur, reason="Ingetrokken")
    client.force_login(procesregisseur)
    assert client.get(_url("document_upload", case)).status_code == 404
    assert _post(client, case, source=case.involvements.first().pk).status_code == 404
    assert "Document toevoegen" not in client.get(_url("document_list", case)).content.decode()
    assert client.get(_url("document_download", case, document_id=document.pk)).status_code == 200
    with pytest.raises(document_services.NotAllowed):
        document_services.document_upload(case=case, actor=procesregisseur, data=PDF_BYTES, original_name="b.pdf",
                                          title="Te laat", document_date=timezone.localdate(),
                                          legal_basis="publieke_taak", purpose="Doel")
    assert Document.objects.count() == 1 and len(_stored_files()) == 1


def _upload(case, actor, title):
    return document_services.document_upload(
        case=case, actor=actor, data=PDF_BYTES, original_name=f"{title}.pdf", title=title,
        document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel")


def test_the_procesregisseur_removes_a_document_uploaded_by_mistake_after_confirming(
        client, pworld, django_capture_on_commit_callbacks):
    case, procesregisseur = pworld.case, pworld.user("procesregisseur")
    wrong = _upload(case, procesregisseur, "Brief over een ander kind")
    kept = _upload(case, procesregisseur, "Verslag school")
    client.force_login(procesregisseur)
    listing = client.get(_url("document_list", case)).content.decode()
    assert _url("document_delete", case, document_id=wrong.pk) in listing
    confirm = client.get(_url("document_delete", case, document_id=wrong.pk)).content.decode()
    assert "Brief over een ander kind" in confirm and "Ja, verwijderen" in confirm
    assert Document.objects.count() == 2  # the GET removed nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("document_delete", case, document_id=wrong.pk), follow=True)
    assert "Document „Brief over een ander kind” verwijderd." in response.content.decode()
    assert list(Document.objects.all()) == [kept]
    assert [p.name for p in _stored_files()] == [kept.storage_name]
    event = case.events.latest("pk")
    assert (event.kind, event.description, event.actor) == ("document_removed", "Brief over een ander kind",
                                                             procesregisseur)
    # A second click (another tab): the same outcome, no error page.
    again = client.post(_url("document_delete", case, document_id=wrong.pk), follow=True)
    assert "Dit was al verwijderd." in again.content.decode()


def test_an_uploader_removes_only_their_own_document(client, pworld):
    case = pworld.case
    mine = _upload(case, pworld.user("partner"), "Proces-verbaal")
    theirs = _upload(case, pworld.user("procesregisseur"), "Verslag procesregisseur")
    client.force_login(pworld.user("casusregisseur"))  # reads every document, removes only their own
    assert _url("document_delete", case, document_id=theirs.pk) not in client.get(
        _url("document_list", case)).content.decode()
    assert client.post(_url("document_delete", case, document_id=theirs.pk)).status_code == 404
    client.force_login(pworld.user("partner"))
    assert client.get(_url("document_delete", case, document_id=theirs.pk)).status_code == 404
    assert client.post(_url("document_delete", case, document_id=theirs.pk)).status_code == 404
    # Another party's document and an id that never existed look the same to a partner (no probing).
    assert client.post(_url("document_delete", case, document_id=theirs.pk + mine.pk + 1000)).status_code == 404
    # HEAD and OPTIONS pass the CSRF check, so they must never remove anything.
    for method in ("head", "options"):
        assert getattr(client, method)(_url("document_delete", case, document_id=mine.pk)).status_code == 405
    assert Document.objects.count() == 2
    assert client.post(_url("document_delete", case, document_id=mine.pk)).status_code == 302
    assert list(Document.objects.all()) == [theirs]


def test_the_document_list_costs_the_same_queries_for_one_document_or_many(client, pworld):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = pworld.case
    _upload(case, pworld.user("partner"), "Eerste")
    client.force_login(pworld.user("casusregisseur"))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("document_list", case)).status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm the per-process caches (content types, the session)
    one = queries()
    for n in range(5):
        _upload(case, pworld.user("partner" if n % 2 else "casusregisseur"), f"Document {n}")
    assert queries() == one


def test_a_document_of_a_closed_case_cannot_be_removed(client, pworld):
    from cases import services as case_services

    case, procesregisseur = pworld.case, pworld.user("procesregisseur")
    document = _upload(case, procesregisseur, "Brief")
    case_services.case_transition(case=case, to="closed", actor=procesregisseur, reason="Ingetrokken")
    client.force_login(procesregisseur)
    assert client.get(_url("document_delete", case, document_id=document.pk)).status_code == 404
    assert client.post(_url("document_delete", case, document_id=document.pk)).status_code == 404
    assert _url("document_delete", case, document_id=document.pk) not in client.get(
        _url("document_list", case)).content.decode()
    with pytest.raises(document_services.access.CaseReadOnly):
        document_services.document_remove(document=document, actor=procesregisseur)
    assert Document.objects.count() == 1 and len(_stored_files()) == 1


# -- privacy: map, inzage, retention, erasure ---------------------------------------------------------


def test_retention_deletes_the_files_and_clears_the_titles(client, pworld, django_capture_on_commit_callbacks):
    from privacy.retention import anonymise_case

    case, procesregisseur = pworld.case, pworld.user("procesregisseur")
    document = document_services.document_upload(
        case=case, actor=procesregisseur, data=PDF_BYTES, original_name="verslag-noah.pdf", title="Verslag Noah",
        document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel")
    path = documents.path_of(document.storage_name)
    Case.objects.filter(pk=case.pk).update(stage="closed", closed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_case(Case.objects.get(pk=case.pk))
    document.refresh_from_db()
    assert not path.exists() and document.file_removed_at is not None
    assert "Noah" not in document.title and "noah" not in document.original_name
    anonymise_case(Case.objects.get(pk=case.pk))  # idempotent


def test_a_retention_that_rolls_back_leaves_the_file_in_place(pworld):
    """The file goes only when the anonymisation is committed: a failed batch keeps rows and files together."""
    from django.db import transaction

    from privacy.retention import anonymise_case

    case, procesregisseur = pworld.case, pworld.user("procesregisseur")
    document = document_services.document_upload(
        case=case, actor=procesregisseur, data=PDF_BYTES, original_name="x.pdf", title="Verslag",
        document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel")
    Case.objects.filter(pk=case.pk).update(stage="closed", closed_at=timezone.now())
    with transaction.atomic():
        anonymise_case(Case.objects.get(pk=case.pk))
        transaction.set_rollback(True)
    document.refresh_from_db()
    assert document.file_removed_at is None and documents.path_of(document.storage_name).exists()


def test_erasure_deletes_the_files_about_the_person_and_keeps_the_others(pworld, django_capture_on_commit_callbacks):
    from privacy.services import person_erase

    case, procesregisseur = pworld.case, pworld.user("procesregisseur")
    person = PersonFactory(case=case, first_name="Noah", last_name="Bakker")

    def upload(title, about):
        return document_services.document_upload(
            case=case, actor=procesregisseur, data=PDF_BYTES, original_name="x.pdf", title=title, person=about,
            document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel")

    about, other = upload("Rapport over Noah", person), upload("Verslag overleg met Noah Bakker", None)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor=procesregisseur, reason="Verzoek art. 17")
    about.refresh_from_db()
    other.refresh_from_db()
    assert not documents.path_of(about.storage_name).exists() and about.file_removed_at
    assert "Noah" not in about.title
    assert documents.path_of(other.storage_name).exists() and other.file_removed_at is None
    assert "Noah" not in other.title and "Bakker" not in other.title  # names cut out of the others


def test_inzage_lists_the_documents_of_the_case(pworld):
    from privacy.inzage import person_export

    person = PersonFactory(case=pworld.case)
    document_services.document_upload(
        case=pworld.case, actor=pworld.user("procesregisseur"), data=PDF_BYTES, original_name="brief-ggz.pdf",
        title="Brief van de GGZ", document_date=timezone.localdate(), legal_basis="publieke_taak", purpose="Doel")
    assert "Brief van de GGZ" in str(person_export(person))


# -- clamd ---------------------------------------------------------------------------------------------


class FakeClamd:
    """A clamd that speaks INSTREAM on a local port: answers FOUND for the EICAR string, else OK."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, n):
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = self._read(conn, len(b"zINSTREAM\0"))  # a closed connection ends the read, never spins
                assert command == b"zINSTREAM\0"
                body = b""
                while size := struct.unpack("!L", self._read(conn, 4))[0]:
                    body += self._read(conn, size)
                self.received.append(body)
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if b"EICAR" in body else b"stream: OK\0")

    def close(self):
        self.server.close()


@pytest.fixture
def clamd(settings):
    server = FakeClamd()
    settings.CLAMD_HOST, settings.CLAMD_PORT, settings.CLAMD_SOCKET = "127.0.0.1", server.port, ""
    yield server
    server.close()


EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def test_clamd_clean_file_is_stored_as_scanned(client, pworld, clamd):
    client.force_login(pworld.user("procesregisseur"))
    big = PDF_BYTES + b"%" * (150 * 1024)  # more than one INSTREAM chunk
    assert _post(client, pworld.case, content=big, source=pworld.case.involvements.first().pk).status_code == 302
    assert clamd.received == [big]
    assert Document.objects.get().scan_status == "clean"
    listing = client.get(_url("document_list", pworld.case)).content.decode()
    assert 'data-testid="not-scanned-notice"' not in listing and "gescand" in listing


def test_clamd_finding_a_virus_refuses_the_file_and_stores_nothing(client, pworld, clamd):
    client.force_login(pworld.user("procesregisseur"))
    infected = PDF_BYTES + EICAR
    response = _post(client, pworld.case, content=infected, source=pworld.case.involvements.first().pk)
    assert response.status_code == 200
    assert "De virusscanner vond Eicar-Test-Signature in dit bestand" in response.content.decode()
    assert not Document.objects.exists() and not _stored_files()


def test_clamd_configured_but_unreachable_refuses_the_upload(client, pworld, settings):
    probe = socket.create_server(("127.0.0.1", 0))
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", probe.getsockname()[1]
    probe.close()  # nothing listens there now
    client.force_login(pworld.user("procesregisseur"))
    response = _post(client, pworld.case, source=pworld.case.involvements.first().pk)
    assert "De virusscanner is nu niet bereikbaar" in response.content.decode()
    assert not Document.objects.exists() and not _stored_files()


def test_the_private_root_may_not_lie_in_a_public_path(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.DOCUMENTS_ROOT = tmp_path / "static" / "documents"
    assert [e.id for e in documents.check_documents_root()] == ["planning.E001"]
    settings.DOCUMENTS_ROOT = tmp_path / "var" / "documents"
    assert documents.check_documents_root() == []


def test_clamd_over_a_unix_socket(settings, tmp_path):
    path = str(tmp_path / "clamd.ctl")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)

    def answer():
        conn, _ = server.accept()
        with conn:
            received = b""
            while not received.endswith(struct.pack("!L", 0)):
                chunk = conn.recv(65536)
                if not chunk:
                    return  # the client went away
                received += chunk
            conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if b"EICAR" in received else b"stream: OK\0")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET, settings.CLAMD_HOST = path, ""
    try:
        assert documents.scan(PDF_BYTES + EICAR) == documents.ScanResult(scanned=True, virus="Eicar-Test-Signature")
    finally:
        thread.join(timeout=5)
        server.close()
