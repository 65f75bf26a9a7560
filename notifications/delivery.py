"""Delivering the outbox: one message at a time, outside any transaction that holds a lock.

For each message:
1. claim it in a short transaction of its own: pending → "sending", with a fresh claim token and
   `sending_started_at` (committed before the mail server is contacted);
2. hand it to the real backend (`OUTBOX_DELIVERY_BACKEND`, SMTP with `EMAIL_TIMEOUT`), holding
   no database lock or transaction;
3. record "sent", or after a failure "pending" again with a capped exponential back-off measured
   from the end of the failed attempt; past `retry_until` (48 hours by default) "failed".
   Recording is retried for `OUTBOX_RECORD_RETRY` when the database is away, so a message that
   went out during a database restart is still recorded as sent.

A message still "sending" after `OUTBOX_SENDING_STALE_AFTER` belongs to an attempt that died
(worker killed, hard time limit). `recover_stale_sending` asks the relay through
`OUTBOX_RELAY_LOOKUP` whether it has that Message-ID: yes → sent (nothing sent twice), no →
pending (sent again, not a duplicate); when the relay cannot tell, the message is sent again and
marked `possible_duplicate`. See README "Bezorging van e-mail".
"""

import email
import email.policy
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications import clock
from notifications.constants import EmailStatus, OutboxStatus
from notifications.models import Notification, OutboxMessage

logger = logging.getLogger(__name__)


class StoredMessage(EmailMessage):
    """An outbox row as a Django EmailMessage: the stored bytes go to the relay unchanged."""

    def __init__(self, row: OutboxMessage):
        self._raw = bytes(row.raw)
        parsed = email.message_from_bytes(self._raw, policy=email.policy.default)
        body = parsed.get_body(("plain",))
        super().__init__(subject=str(parsed.get("Subject", row.subject)),
                         body=body.get_content() if body is not None else "",
                         from_email=row.from_email, to=list(row.recipients),
                         headers={"Message-ID": row.message_id})
        self.attachments = list(parsed.iter_attachments())

    def recipients(self):
        return list(self.to)

    def message(self, *, policy=None):
        return _RawMessage(self._raw)


class _RawMessage:
    """What the SMTP backend needs of a message: its bytes, with the line ends it asks for."""

    def __init__(self, raw: bytes):
        self.raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n"):
        lines = self.raw.replace(b"\r\n", b"\n").split(b"\n")
        return linesep.encode().join(lines)

    def as_string(self, unixfrom=False, linesep="\n"):
        return self.as_bytes(linesep=linesep).decode("utf-8", "replace")


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after the n-th failed attempt, capped at OUTBOX_BACKOFF_MAX (4 hours)."""
    return min(settings.OUTBOX_BACKOFF_BASE * 2 ** max(attempts - 1, 0), settings.OUTBOX_BACKOFF_MAX)


def relay_lookup(message_id: str) -> bool | None:
    """Whether the relay accepted `message_id`: True, False, or None when it cannot tell."""
    path = settings.OUTBOX_RELAY_LOOKUP
    if not path:
        return None
    try:
        return import_string(path)(message_id)
    except Exception as error:  # noqa: BLE001 - a lookup that fails cannot tell
        logger.warning("Relay-lookup voor %s mislukt: %s", message_id, error)
        return None


@dataclass
class DeliveryRun:
    sent: int = 0
    failed_attempts: int = 0
    given_up: int = 0
    recovered: dict = field(default_factory=dict)


def deliver_due(*, limit: int | None = None, time_budget: float | None = None) -> DeliveryRun:
    """Recover stale "sending" messages, then deliver due messages until none is left.

    Stops after `limit` messages or `time_budget` seconds (below the task's soft time limit),
    so a long backlog is spread over several runs. Safe to run concurrently.
    """
    limit = limit or settings.OUTBOX_BATCH
    time_budget = time_budget or settings.OUTBOX_RUN_SECONDS
    run = DeliveryRun(recovered=recover_stale_sending())
    deadline = time.monotonic() + time_budget
    backend = None
    try:
        for _i in range(limit):
            if time.monotonic() > deadline:
                break
            row = _claim_next()
            if row is None:
                break
            if backend is None:
                backend = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False,
                                         timeout=settings.EMAIL_TIMEOUT)
            outcome = deliver_one(row, backend)
            if outcome == OutboxStatus.SENT:
                run.sent += 1
            elif outcome == OutboxStatus.FAILED:
                run.given_up += 1
            else:
                run.failed_attempts += 1
                # A connection that failed is not reused for the next message.
                _close_quietly(backend)
                backend = None
    finally:
        if backend is not None:
            _close_quietly(backend)
    return run


def _close_quietly(backend) -> None:
    try:
        backend.close()
    except Exception:  # noqa: BLE001, S110 - closing a broken SMTP connection may fail; it is dropped anyway
        pass


def _claim_next() -> OutboxMessage | None:
    """Mark the next due message "sending" and commit that, before any mail server is contacted."""
    for _try in range(10):
        with transaction.atomic():
            row = (OutboxMessage.objects.select_for_update(skip_locked=True)
                   .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=clock.now())
                   .order_by("next_attempt_at", "pk").first())
            if row is None:
                return None
            token = uuid.uuid4().hex
            started = timezone.now()
            # Conditional: without row locks (SQLite) another worker may have taken it first.
            won = OutboxMessage.objects.filter(pk=row.pk, status=OutboxStatus.PENDING).update(
                status=OutboxStatus.SENDING, claim=token, sending_started_at=started, attempts=F("attempts") + 1)
        if won:
            row.status, row.claim, row.sending_started_at = OutboxStatus.SENDING, token, started
            row.attempts += 1
            return row
    return None


def deliver_one(row: OutboxMessage, backend) -> str:
    """Send one claimed message and record the outcome; returns the new status."""
    try:
        backend.send_messages([StoredMessage(row)])
    except Exception as error:  # noqa: BLE001 - any transport error is retried later
        logger.warning("E-mail %s niet verstuurd (poging %s): %s", row.message_id, row.attempts, error)
        return _record(row, ok=False, error=f"{type(error).__name__}: {error}"[:500])
    return _record(row, ok=True)


def _record(row: OutboxMessage, *, ok: bool, error: str = "") -> str:
    """Write the outcome, waiting out a short database outage (the mail may already be out)."""
    deadline = time.monotonic() + settings.OUTBOX_RECORD_RETRY.total_seconds()
    pause = 0.5
    while True:
        try:
            return _write_outcome(row, ok=ok, error=error)
        except DatabaseError as db_error:
            if time.monotonic() > deadline:
                raise
            logger.warning("Uitkomst van e-mail %s nog niet vastgelegd (database): %s", row.message_id, db_error)
            close_old_connections()
            connection.close()
            time.sleep(pause)
            pause = min(pause * 2, 5)


def _write_outcome(row: OutboxMessage, *, ok: bool, error: str) -> str:
    now = timezone.now()
    if ok:
        status, updates = OutboxStatus.SENT, {"status": OutboxStatus.SENT, "sent_at": now, "last_error": ""}
    else:
        later = clock.now()  # measured after the failed attempt, not before it
        if later >= row.retry_until:
            status, updates = OutboxStatus.FAILED, {"status": OutboxStatus.FAILED, "last_error": error}
        else:
            status = OutboxStatus.PENDING
            updates = {"status": OutboxStatus.PENDING, "last_error": error,
                       "next_attempt_at": later + backoff(row.attempts)}
    with transaction.atomic():
        if not OutboxMessage.objects.filter(pk=row.pk, claim=row.claim).update(**updates) and ok:
            # Judged stale and handed to another attempt while this one was still going: that
            # attempt may send it again.
            OutboxMessage.objects.filter(pk=row.pk).update(**updates, possible_duplicate=True)
        if row.notification_id:
            _copy_to_notification(row.notification_id, status, row.attempts, error, now)
    return status


def _copy_to_notification(notification_id, status, attempts, error, now) -> None:
    fields = {"email_attempts": attempts, "email_error": error[:300]}
    if status == OutboxStatus.SENT:
        fields.update(email_status=EmailStatus.SENT, email_sent_at=now)
    elif status == OutboxStatus.FAILED:
        fields.update(email_status=EmailStatus.FAILED)
    Notification.objects.filter(pk=notification_id).update(**fields)


def recover_stale_sending() -> dict:
    """Resolve messages left in "sending" by an attempt that died. Returns counts per outcome."""
    cutoff = timezone.now() - settings.OUTBOX_SENDING_STALE_AFTER
    counts = {"sent": 0, "retry": 0, "possible_duplicate": 0}
    stale = list(OutboxMessage.objects.filter(status=OutboxStatus.SENDING, sending_started_at__lt=cutoff)
                 .only("pk", "message_id", "claim", "notification_id", "attempts")[:200])
    for row in stale:
        verdict = relay_lookup(row.message_id)  # outside any transaction: it may be a network call
        match = OutboxMessage.objects.filter(pk=row.pk, status=OutboxStatus.SENDING, claim=row.claim)
        if verdict is True:
            if match.update(status=OutboxStatus.SENT, sent_at=timezone.now(), last_error=""):
                counts["sent"] += 1
                if row.notification_id:
                    _copy_to_notification(row.notification_id, OutboxStatus.SENT, row.attempts, "", timezone.now())
        elif verdict is False:
            if match.update(status=OutboxStatus.PENDING, next_attempt_at=clock.now(),
                            last_error="Vorige poging afgebroken; de mailserver heeft het bericht niet."):
                counts["retry"] += 1
        elif match.update(status=OutboxStatus.PENDING, next_attempt_at=clock.now(), possible_duplicate=True,
                          last_error="Vorige poging afgebroken; onbekend of het bericht al is afgeleverd."):
            counts["possible_duplicate"] += 1
    if any(counts.values()):
        logger.warning("Afgebroken verzendingen hersteld: %s", counts)
    return counts
