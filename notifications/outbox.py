"""Writing e-mail into the outbox: the only way the product sends mail.

`outbox_add` turns a Django `EmailMessage` into an `OutboxMessage` row in the caller's transaction:
the message is sent if and only if the fact that caused it is committed. The `Message-ID` is fixed
here, so every delivery attempt (and a resend by a person) is the same message to the relay and
to the recipient's mail program. After the commit the delivery task is enqueued; if the broker is
down that is only logged (`robust=True`): the periodic delivery run picks the row up anyway.
"""

import logging
from email import generator
from email.policy import Compat32
from email.utils import make_msgid
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from notifications import clock
from notifications.models import OutboxMessage
from zvh.models import Region

logger = logging.getLogger(__name__)


def message_id_domain() -> str:
    return settings.OUTBOX_MESSAGE_ID_DOMAIN or urlsplit(settings.SITE_URL).hostname or "zvh-procesregie.local"


def outbox_add(message: EmailMessage, *, kind: str, ref: str = "", notification=None, case=None,
               region_id: int | None = None, enqueue: bool = True) -> OutboxMessage | None:
    """Store `message` for delivery (same transaction as the caller); enqueue delivery after commit.

    `case` and `region_id` decide who sees the message when it does not arrive (the case's
    procesregisseur, the region's beheerder). `enqueue=False` leaves it to the caller (the reminder
    sweep enqueues one delivery run for all its messages). Nothing is stored for a practice case or
    space (None): a trainee's fictitious invitations never leave as e-mail.
    """
    if is_practice(case=case, region_id=region_id):
        logger.info("Geen e-mail uit een oefenomgeving (%s)", kind)
        return None
    row = outbox_row(message, kind=kind, ref=ref, notification=notification, case=case, region_id=region_id)
    row.save(force_insert=True)
    if enqueue:
        enqueue_delivery()
    return row


def is_practice(*, case=None, region_id: int | None = None) -> bool:
    """Is this about a practice case or a practice space? Nothing from there leaves as e-mail."""
    if case is not None:
        return case.is_practice
    return bool(region_id) and Region.all_objects.filter(pk=region_id, is_practice=True).exists()


def outbox_row(message: EmailMessage, *, kind: str, ref: str = "", notification=None, case=None,
               region_id: int | None = None) -> OutboxMessage:
    """The unsaved outbox row of `message` (`outbox_add` saves one; the reminder sweep bulk-creates many)."""
    message.from_email = message.from_email or settings.DEFAULT_FROM_EMAIL
    headers = {key.lower(): key for key in message.extra_headers}
    if "message-id" in headers:
        message_id = message.extra_headers[headers["message-id"]]
    else:
        message_id = make_msgid(idstring=kind, domain=message_id_domain())
        message.extra_headers["Message-ID"] = message_id
    raw = message_bytes(message)
    if region_id is None and case is not None:
        region_id = case.region_id
    now = timezone.now()
    return OutboxMessage(
        message_id=message_id, kind=kind, ref=ref, subject=str(message.subject)[:300],
        recipients=list(message.recipients()), from_email=message.from_email, raw=raw,
        notification=notification, case=case, region_id=region_id, created_at=now, next_attempt_at=now,
        retry_until=clock.now() + settings.OUTBOX_RETRY_FOR,
    )


class _OneLineFirst(Compat32):
    """Django's e-mail policy (compat32), with a short cut for a header that already fits on one line.

    compat32 folds every header through `email.header.Header`, which splits and rejoins the value
    even when there is nothing to fold: two thirds of the time of turning a reminder into bytes, and
    a sweep with a backlog writes thousands of them. A printable ASCII value without doubled or
    surrounding spaces that fits within the line length comes out of that unchanged, so it is written
    as it is; anything else (long, non-ASCII, line breaks) takes the stock path. The bytes are the
    same (`notifications/tests/test_outbox.py` compares them with the stock policy).
    """

    def fold_binary(self, name, value):
        if (isinstance(value, str) and len(name) + 2 + len(value) <= self.max_line_length and value.isascii()
                and value.isprintable() and "  " not in value and value == value.strip()):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


ONE_LINE_FIRST = _OneLineFirst()


def message_bytes(message: EmailMessage) -> bytes:
    """The message as Django's `message().as_bytes()` writes it, with less work per header."""
    return mime_bytes(message.message())


def mime_bytes(mime) -> bytes:
    """`mime.as_bytes()` (Django's SafeMIME classes: no "From " mangling) under ONE_LINE_FIRST."""
    out = BytesIO()
    generator.BytesGenerator(out, mangle_from_=False, policy=ONE_LINE_FIRST).flatten(mime, linesep="\n")
    return out.getvalue()


def enqueue_delivery() -> None:
    """Ask a worker to deliver, once the current transaction has committed. Never raises."""
    transaction.on_commit(_send_delivery_task, robust=True)


def _send_delivery_task() -> None:
    from notifications.tasks import deliver_outbox

    try:
        # retry=False: a web request does not wait for a broker that is down; the periodic run
        # (beat) delivers the message when the broker is back.
        deliver_outbox.apply_async(retry=False)
    except Exception as error:  # noqa: BLE001 - any broker error: the outbox row is safe, beat will pick it up
        logger.warning("Bezorgtaak niet in de wachtrij gezet (broker onbereikbaar?): %s", error)
