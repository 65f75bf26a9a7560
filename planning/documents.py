"""Documents of a case: what a file is (by its content, never its name), where it is kept (a private
root outside every public path) and whether clamd found a virus in it.

No third-party library: the accepted types are few, so their signatures are checked here, and the
clamd INSTREAM protocol is a few lines (`clamd` on PyPI has not been maintained since 2014).
"""

import hashlib
import io
import os
import secrets
import socket
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

# -- what a file is -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG-afbeelding")
JPEG = FileType("image/jpeg", "jpg", "JPEG-afbeelding")
GIF = FileType("image/gif", "gif", "GIF-afbeelding")
WEBP = FileType("image/webp", "webp", "WebP-afbeelding")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word-document")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel-werkmap")
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx",
                "PowerPoint-presentatie")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", "OpenDocument-tekst")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument-rekenblad")
ODP = FileType("application/vnd.oasis.opendocument.presentation", "odp", "OpenDocument-presentatie")
OLE = FileType("application/x-ole-storage", "doc", "Office-document (oud formaat)")
ACCEPTED = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, OLE)
BY_MIME = {t.mime: t for t in ACCEPTED}
_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {t.mime: t for t in (ODT, ODS, ODP)}


class Refused(Exception):
    """The file is not accepted; the message says why (Dutch)."""


def detect(data: bytes) -> FileType | None:
    """The type of `data` by its content (magic bytes and, for the zip-based Office formats, the
    package's own parts), or None when it is none of the accepted types."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .doc, .xls, .ppt
        return OLE
    if data.startswith(b"PK\x03\x04"):
        return _zip_office(data)
    return None


def _zip_office(data: bytes) -> FileType | None:
    """An Office Open XML or OpenDocument package; any other zip is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            if "mimetype" in names:
                if package.getinfo("mimetype").file_size > 200:  # a real one is a short line; no zip bombs
                    return None
                return _ODF.get(package.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise Refused(_("Documenten met macro's worden niet aangenomen; sla het op zonder macro's."))
            for prefix, file_type in _OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return file_type
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, RuntimeError, NotImplementedError):
        return None
    return None


# -- where a file is kept -------------------------------------------------------------------------


def root() -> Path:
    return Path(settings.DOCUMENTS_ROOT)


def path_of(storage_name: str) -> Path:
    """The file of a stored name; the name is ours (hex), never a user's, so no path tricks."""
    if not storage_name or not all(c in "0123456789abcdef" for c in storage_name):
        raise ValueError("invalid storage name")
    return root() / storage_name[:2] / storage_name


def check_documents_root(app_configs=None, **kwargs):
    """System check: the private root may not lie inside a public path (static files, the project's
    static folders, MEDIA_ROOT)."""
    from django.core.checks import Error

    private = root().resolve()
    public = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, getattr(settings, "MEDIA_ROOT", "")]
    for path in filter(None, public):
        public_path = Path(path).resolve()
        if private == public_path or public_path in private.parents or private in public_path.parents:
            return [Error(f"DOCUMENTS_ROOT ({private}) overlaps a public path ({public_path}).",
                          hint="Point DOCUMENTS_ROOT at a private directory such as var/documents.",
                          id="planning.E001")]
    return []


def store(data: bytes) -> tuple[str, str]:
    """Write `data` under a new random name (owner-only permissions); returns (name, sha256)."""
    name = secrets.token_hex(24)
    target = path_of(name)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, target)
    return name, hashlib.sha256(data).hexdigest()


def remove(storage_name: str) -> None:
    """Delete a stored file (idempotent: a file that is already gone is fine)."""
    try:
        path_of(storage_name).unlink(missing_ok=True)
    except ValueError:
        pass


# -- virus scanning through clamd ------------------------------------------------------------------


@dataclass(frozen=True)
class ScanResult:
    scanned: bool
    virus: str = ""


class ScannerUnavailable(Exception):
    """clamd is configured but did not answer (the upload is refused: fail closed)."""


def scanner_configured() -> bool:
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect() -> socket.socket:
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(settings.CLAMD_SOCKET)
        return sock
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=timeout)


CHUNK = 64 * 1024


def scan(data: bytes) -> ScanResult:
    """Scan `data` with clamd (INSTREAM) when configured; ScanResult(scanned=False) when not.

    Raises ScannerUnavailable when clamd is configured but cannot be reached or answers an error.
    """
    if not scanner_configured():
        return ScanResult(scanned=False)
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start:start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if answer.endswith("FOUND"):
        return ScanResult(scanned=True, virus=answer.removeprefix("stream:").removesuffix("FOUND").strip())
    if answer.endswith("OK"):
        return ScanResult(scanned=True)
    raise ScannerUnavailable(answer or "no answer")
