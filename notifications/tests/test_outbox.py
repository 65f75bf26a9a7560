"""The outbox: every e-mail is a row written with the fact that causes it, delivered once by its own
task, retried for 48 hours, and visible to the people who can act when it does not arrive."""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import BadHeaderError, EmailMessage
from django.db import IntegrityError, OperationalError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from monitoring.tests.factories import monitoring_case
from notifications import delivery
from notifications.constants import OutboxStatus
from notifications.models import Notification, OutboxMessage
from notifications.outbox import mime_bytes
from notifications.services import notify
from planning.invitations import REQUEST, CalendarMessage, build_calendar
from planning.tests.factories import MeetingFactory, MeetingInviteeFactory
from zvh.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class BrokenBackend:
    """A relay that refuses every message (connection refused)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Verbinding geweigerd door mail.example.nl")

    def close(self):
        pass


@pytest.fixture
def relay_down(settings):
    settings.OUTBOX_DELIVERY_BACKEND = f"{__name__}.BrokenBackend"


def _notify(user, **kwargs):
    return notify(recipient=user, kind="general", title="Opschaling in ZVH-X", **kwargs)


def test_notification_and_its_mail_are_written_together_or_not_at_all():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(user)
        raise RuntimeError
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()
    _notify(user)
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING


def test_delivered_mail_carries_the_message_id_stored_with_the_row(mailoutbox):
    _notify(UserFactory(email="pr@zvh.example.nl"))
    row = OutboxMessage.objects.get()
    assert row.message_id.startswith("<") and row.message_id.endswith(">")
    assert delivery.deliver_due().sent == 1
    (message,) = mailoutbox
    assert message.to == ["pr@zvh.example.nl"]
    assert message.message().as_bytes().count(f"Message-ID: {row.message_id}".encode()) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1
    assert Notification.objects.get().email_status == "sent"
    assert delivery.deliver_due().sent == 0 and len(mailoutbox) == 1  # delivered once


def test_a_message_id_is_stored_once():
    """A mail written twice under the same Message-ID (a task run twice) cannot go out twice."""
    _notify(UserFactory())
    row = OutboxMessage.objects.get()
    twin = OutboxMessage.objects.filter(pk=row.pk).values()[0]
    del twin["id"]
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(**twin)
    assert OutboxMessage.objects.count() == 1


def test_a_failing_mail_is_retried_with_backoff_measured_after_the_attempt_and_does_not_block_others(
        settings, mailoutbox, monkeypatch):
    broken_user, fine_user = UserFactory(email="kapot@example.nl"), UserFactory(email="goed@example.nl")
    real = delivery.StoredMessage

    with freeze_time("2026-11-23 09:00:00+01:00") as frozen:
        _notify(broken_user)
        _notify(fine_user)

        def send_slowly_or_fail(self, messages):
            if messages[0].to == ["kapot@example.nl"]:
                frozen.tick(timedelta(seconds=20))  # the relay took 20 s to refuse
                raise ConnectionRefusedError("SMTP weg")
            mail.outbox.extend(messages)
            return 1

        monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", send_slowly_or_fail)
        assert delivery.deliver_due().sent == 1
        assert [m.to for m in mailoutbox] == [["goed@example.nl"]]
        failed = OutboxMessage.objects.get(recipients=["kapot@example.nl"])
        assert failed.status == OutboxStatus.PENDING and failed.attempts == 1 and "SMTP weg" in failed.last_error
        # one minute after the end of the failed attempt, not after its start
        assert failed.next_attempt_at == timezone.now() + timedelta(minutes=1)
        assert delivery.deliver_due().sent == 0  # not before its back-off
    assert real is delivery.StoredMessage


def test_mail_is_retried_for_48_hours_then_failed_and_shown_with_the_error(relay_down, client):
    case = monitoring_case()
    with freeze_time("2026-11-23 09:00:00+01:00") as frozen:
        _notify(case.procesregisseur, case=case)
        attempts_at = []
        for _hour in range(60):
            run = delivery.deliver_due()
            if run.failed_attempts or run.given_up:
                attempts_at.append(timezone.now())
            row = OutboxMessage.objects.get()
            if timezone.now() < row.created_at + timedelta(hours=48):
                assert row.status == OutboxStatus.PENDING, "gave up before 48 hours"
            frozen.tick(timedelta(hours=1))
        row.refresh_from_db()
        assert row.status == OutboxStatus.FAILED
        gaps = [b - a for a, b in zip(attempts_at, attempts_at[1:], strict=False)]
        assert max(gaps) <= timedelta(hours=5)  # capped back-off: it keeps trying
        assert Notification.objects.get().email_status == "failed"

    beheerder = UserFactory(beheerder=True, region=case.region)
    for user in (case.procesregisseur, beheerder):
        client.force_login(user)
        page = client.get(reverse("notifications:delivery_problems")).content.decode()
        assert row.subject in page and "Verbinding geweigerd door mail.example.nl" in page
    client.force_login(UserFactory(beheerder=True))  # another region
    assert row.subject not in client.get(reverse("notifications:delivery_problems")).content.decode()


def test_beheerder_resends_all_and_each_is_delivered_once_with_the_same_message_id(settings, client, mailoutbox):
    case = monitoring_case()
    OutboxMessage.objects.all().delete()
    for _i in range(3):
        _notify(case.procesregisseur, case=case)
    OutboxMessage.objects.update(status=OutboxStatus.FAILED, last_error="550 mailbox vol")
    ids = set(OutboxMessage.objects.values_list("message_id", flat=True))
    client.force_login(UserFactory(beheerder=True, region=case.region))
    response = client.post(reverse("notifications:delivery_resend"))
    assert response.status_code == 302
    assert delivery.deliver_due().sent == 3
    assert {m.extra_headers["Message-ID"] for m in mailoutbox} == ids
    page = client.get(reverse("notifications:delivery_problems")).content.decode()
    assert 'data-testid="no-delivery-problems"' in page


def test_procesregisseur_of_another_case_cannot_resend_it(client):
    case = monitoring_case()
    _notify(case.procesregisseur, case=case)
    OutboxMessage.objects.update(status=OutboxStatus.FAILED)
    other = monitoring_case(region=case.region).procesregisseur
    client.force_login(other)
    row = OutboxMessage.objects.get()
    client.post(reverse("notifications:delivery_resend"), {"message": row.pk})
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED


def test_resend_with_bad_input_gets_a_dutch_message_not_a_500(client):
    case = monitoring_case()
    client.force_login(case.procesregisseur)
    response = client.post(reverse("notifications:delivery_resend"), {"message": "abc"}, follow=True)
    assert response.status_code == 200 and "Ongeldig verzoek" in response.content.decode()


@pytest.mark.parametrize(("relay_says", "status", "duplicate", "sent_again"), [
    (True, OutboxStatus.SENT, False, 0),
    (False, OutboxStatus.SENT, False, 1),
    (None, OutboxStatus.SENT, True, 1),
])
def test_a_message_left_sending_by_a_dead_worker_is_resolved(settings, mailoutbox, relay_says, status, duplicate,
                                                              sent_again):
    verdict = {True: "yes", False: "no", None: "unknown"}[relay_says]
    settings.OUTBOX_RELAY_LOOKUP = f"{__name__}.relay_{verdict}"
    _notify(UserFactory())
    OutboxMessage.objects.update(status=OutboxStatus.SENDING, claim="dead",
                                 sending_started_at=timezone.now() - timedelta(minutes=11))
    delivery.deliver_due()
    row = OutboxMessage.objects.get()
    assert (row.status, row.possible_duplicate, len(mailoutbox)) == (status, duplicate, sent_again)


def relay_yes(message_id):
    return True


def relay_no(message_id):
    return False


def relay_unknown(message_id):
    return None


def test_a_message_still_being_sent_is_not_taken_over(settings, mailoutbox):
    _notify(UserFactory())
    OutboxMessage.objects.update(status=OutboxStatus.SENDING, claim="alive", sending_started_at=timezone.now())
    delivery.deliver_due()
    assert OutboxMessage.objects.get().status == OutboxStatus.SENDING and mailoutbox == []


@pytest.fixture
def silent_smtp_server():
    """A mail server that accepts the connection and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_a_mail_server_that_never_answers_blocks_neither_the_request_nor_the_sweep(
        settings, silent_smtp_server, client, django_capture_on_commit_callbacks):
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent_smtp_server, 1
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    meeting = MeetingFactory()
    client.force_login(meeting.case.procesregisseur)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planning:invitee_add", args=[meeting.case.uuid, meeting.pk]),
                               {"role": "ouder", "name": "L.", "email": "ouder@example.nl", "participation": "present"})
    assert response.status_code == 302 and time.monotonic() - started < 5
    started = time.monotonic()
    run = delivery.deliver_due()
    # The invitee's message and the organiser's copy (issue 20), each given up after EMAIL_TIMEOUT, not forever.
    assert run.failed_attempts == 2 and time.monotonic() - started < 5
    row = OutboxMessage.objects.exclude(ref__startswith="meeting-organizer:").get()
    assert row.status == OutboxStatus.PENDING and "timed out" in row.last_error.lower()
    page = client.get(reverse("planning:meeting_detail", args=[meeting.case.uuid, meeting.pk])).content.decode()
    assert "nog niet afgeleverd" in page


def test_an_invitation_that_failed_is_delivered_once_when_the_relay_is_back(relay_down, settings, mailoutbox):
    invitee = MeetingInviteeFactory(meeting=MeetingFactory(), email="school@example.nl")
    from planning import invitations

    invitations.enqueue_invitations(invitee.meeting, invitee_ids=[invitee.pk])
    OutboxMessage.objects.filter(ref__startswith="meeting-organizer:").delete()  # the organiser's copy (issue 20)
    assert delivery.deliver_due().failed_attempts == 1
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert delivery.deliver_due().sent == 1 and delivery.deliver_due().sent == 0
    assert [m.to for m in mailoutbox] == [["school@example.nl"]]


def test_password_reset_mail_goes_through_the_outbox(settings, client, mailoutbox):
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
    user = UserFactory(email="vergeten@example.nl")
    response = client.post(reverse("password_reset"), {"email": "vergeten@example.nl"})
    assert response.status_code == 302 and mailoutbox == []
    row = OutboxMessage.objects.get()
    assert row.kind == "account" and row.region_id == user.region_id
    assert delivery.deliver_due().sent == 1 and mailoutbox[0].to == ["vergeten@example.nl"]


def test_a_broker_outage_does_not_turn_a_saved_escalation_into_an_error(client, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError as BrokerDown

    from notifications.tasks import deliver_outbox

    def broker_down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(deliver_outbox, "apply_async", broker_down)
    case = monitoring_case()
    client.force_login(case.plan.casusregisseur)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:escalate", args=[case.uuid]),
                               {"reason": "execution", "explanation": "Loopt vast", "urgency": "verhoogd"})
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(case=case, status=OutboxStatus.PENDING).exists()


def test_liveness_and_readiness_answer_without_login(client):
    assert client.get("/gezondheid/").status_code == 200
    response = client.get("/gezondheid/gereed/")
    body = response.json()
    assert set(body["checks"]) == {"database", "cache", "broker", "sweep", "outbox"}
    assert body["checks"]["database"]["ok"] and response.status_code == 200
    assert body["status"] in ("ok", "degraded")


def test_a_database_outage_answers_a_dutch_503_with_retry_after(monkeypatch):
    def database_down(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr("django.contrib.auth.middleware.get_user", database_down)
    response = Client(raise_request_exception=False).get("/inloggen/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "tijdelijk niet beschikbaar" in response.content.decode()


def test_dashboard_computes_without_the_cache_when_redis_is_down(client, settings, monkeypatch):
    from django.core.cache import cache

    def redis_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(cache, "get", redis_down)
    monkeypatch.setattr(cache, "set", redis_down)
    manager = UserFactory(manager=True)
    client.force_login(manager)
    assert client.get(reverse("dashboards:region")).status_code == 200


def test_the_daily_purge_deletes_sent_mail_after_30_days_and_failed_mail_after_90_but_never_unsent_mail(
        relay_down, settings):
    from notifications.tasks import purge_outbox_daily

    user = UserFactory(email="a@example.nl")
    _notify(user)
    pending = OutboxMessage.objects.get()
    messages = {}
    for name, status in [("sent_old", OutboxStatus.SENT), ("sent_new", OutboxStatus.SENT),
                         ("failed_old", OutboxStatus.FAILED), ("failed_new", OutboxStatus.FAILED)]:
        _notify(user)
        messages[name] = OutboxMessage.objects.exclude(pk__in=[pending.pk, *[m.pk for m in messages.values()]]).get()
        messages[name].status = status
        messages[name].save(update_fields=["status"])
    now = timezone.now()
    OutboxMessage.objects.filter(pk=messages["sent_old"].pk).update(sent_at=now - timedelta(days=31))
    OutboxMessage.objects.filter(pk=messages["sent_new"].pk).update(sent_at=now - timedelta(days=29))
    OutboxMessage.objects.filter(pk=messages["failed_old"].pk).update(created_at=now - timedelta(days=91))
    OutboxMessage.objects.filter(pk=messages["failed_new"].pk).update(created_at=now - timedelta(days=60))
    OutboxMessage.objects.filter(pk=pending.pk).update(created_at=now - timedelta(days=400))

    assert purge_outbox_daily() == 2
    left = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert left == {pending.pk, messages["sent_new"].pk, messages["failed_new"].pk}


HEADER_VALUES = [
    "", "ZVH-2026-00123", "Monitormoment in ZVH-2026-00123 staat gepland op 02-12-2026",
    "x" * 60, "x" * 70, "x" * 71, "x" * 72, "x" * 73, "y " * 36, "a  b", " leading", "trailing ", "tab\there",
    "Opschaling in ZVH-2026-00123 is nog niet opgepakt", "Overleg met de gezinsvoogd en de school (één tafel)",
    "=?utf-8?q?al_gecodeerd?=", "line\nbreak", "<1234.5678.notification@zvh.example.org>",
    "Mede namens: de wijkcoördinator, de leerplichtambtenaar en de jeugdarts van het consultatiebureau",
]


@pytest.mark.parametrize("value", HEADER_VALUES)
@pytest.mark.parametrize("name", ["Subject", "X-ZVH-Kenmerk", "Message-ID"])
def test_the_outbox_writes_exactly_the_bytes_django_writes(name, value):
    """The short cut for one-line headers changes how fast a message is written, never what is written."""
    message = EmailMessage(subject="Herinnering", body="Tekst met één accent.\n\nTweede alinea.",
                           from_email="zvh@example.org", to=["a@example.org", "b@example.org"],
                           headers={"Date": "Wed, 02 Dec 2026 10:00:00 -0000",
                                    "Message-ID": "<1.2.notification@zvh.example.org>", name: value})
    if "\n" in value:  # Django refuses it before any bytes are written
        with pytest.raises(BadHeaderError):
            message.message()
        return
    mime = message.message()
    assert mime_bytes(mime) == mime.as_bytes()


def test_an_invitation_with_its_ics_is_written_exactly_as_django_writes_it():
    """Multipart with the .ics attachment, a reply-to and a long non-ASCII subject: the same bytes."""
    invitee = MeetingInviteeFactory(meeting=MeetingFactory())
    ics = build_calendar(invitee.meeting, method=REQUEST, invitees=[invitee])
    message = CalendarMessage(subject="Uitnodiging: overleg over één casus met alle partijen aan tafel, " * 2,
                              body="Welkom.", to=["partner@example.org"], reply_to=["regie@example.org"],
                              method=REQUEST, ics=ics, headers={"Date": "Wed, 02 Dec 2026 10:00:00 -0000",
                                                                "Message-ID": "<1.2.invitation@zvh.example.org>"})
    mime = message.message()
    assert mime_bytes(mime) == mime.as_bytes()
