"""Reminders survive the failures of a real deployment: real PostgreSQL, real Redis, real Celery
worker and beat processes (no eager mode, no mocked broker).

Each test counts, at the end, that every due reminder exists exactly once (the unique constraint
would refuse a second row, so we also count the notifications, which have no such constraint).
These tests need PostgreSQL (a worker process cannot share SQLite's in-memory test database) and
Redis; CI provides both.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from faults.servers import wait_for
from monitoring.models import CheckIn, Notification, Reminder, SweepHeartbeat
from monitoring.tests.factories import monitoring_case

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).parent / "celery")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
LOG_DIR = Path(os.environ.get("TEST_ARTIFACTS_DIR", ROOT / "test-artifacts")) / "celery"
LOG_DIR.mkdir(parents=True, exist_ok=True)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.reliability]


@pytest.fixture(autouse=True)
def _require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): worker processes must share the test database")


@pytest.fixture
def broker_url(monkeypatch):
    """A Redis database of its own per xdist worker, emptied before and after.

    Celery reads CELERY_BROKER_URL from the environment before its configuration, so the test
    process (which sends the sweeps, as beat would) sets it too.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    index = 10 + (int(worker[2:]) if worker.startswith("gw") else 0)
    base = REDIS_URL.rsplit("/", 1)[0]
    url = f"{base}/{index}"
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def processes(broker_url):
    """Start celery worker / beat processes against the test database and this test's broker."""
    started = []
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_URL": "dummymail://",
        "CACHE_LOCMEM": "1",
    }

    def start(kind: str, *extra: str) -> subprocess.Popen:
        args = [CELERY, "-A", "config", kind, "--loglevel=INFO", *extra]
        if kind == "worker":
            args += ["--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
                     f"--hostname=w{len(started)}@%h"]
        log = open(LOG_DIR / f"{kind}-{len(started)}.log", "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
    for proc in started:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _sender(broker_url):
    return Celery(broker=broker_url)


def _send_sweep(broker_url):
    _sender(broker_url).send_task("monitoring.tasks.sweep")


def _due_checkins(n: int) -> list[CheckIn]:
    case = monitoring_case()
    today = timezone.localdate()
    return CheckIn.objects.bulk_create(
        [CheckIn(case=case, scheduled_on=today, assignee=case.plan.casusregisseur) for _ in range(n)]
    )


def _runs():
    return SweepHeartbeat.objects.filter(name="reminders").values_list("runs", flat=True).first() or 0


def _assert_exactly_once(checkins):
    assert Reminder.objects.filter(kind="checkin_due").count() == len(checkins)
    assert Notification.objects.filter(kind="checkin_due").count() == len(checkins)
    subjects = set(Reminder.objects.values_list("subject", flat=True))
    assert subjects == {f"checkin:{c.pk}" for c in checkins}


def test_two_sweeps_at_once_deliver_each_reminder_once(processes, broker_url):
    checkins = _due_checkins(400)
    processes("worker")
    processes("worker")
    _send_sweep(broker_url)
    _send_sweep(broker_url)
    assert wait_for(lambda: _runs() >= 2), "the two sweeps did not finish"
    _assert_exactly_once(checkins)


def test_worker_killed_mid_sweep_and_restarted_delivers_every_reminder_once(processes, broker_url):
    checkins = _due_checkins(3000)
    worker = processes("worker")
    _send_sweep(broker_url)
    assert wait_for(lambda: Reminder.objects.exists(), timeout=60), "the sweep did not start"
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    partial = Reminder.objects.count()
    assert 0 < partial < len(checkins), "the worker was not killed in the middle of the sweep"
    processes("worker")
    _send_sweep(broker_url)  # what beat does a minute later
    assert wait_for(lambda: Reminder.objects.count() == len(checkins) and _runs() >= 1, timeout=120)
    _assert_exactly_once(checkins)


def test_redis_flush_loses_no_reminder(processes, broker_url):
    checkins = _due_checkins(50)
    _send_sweep(broker_url)
    redis.Redis.from_url(broker_url).flushdb()  # the queued sweep is gone (a Redis restart without AOF)
    processes("worker")
    time.sleep(2)
    assert not Reminder.objects.exists()
    _send_sweep(broker_url)  # the next beat tick
    assert wait_for(lambda: _runs() >= 1)
    _assert_exactly_once(checkins)


def test_two_beats_by_mistake_cause_no_duplicates(processes, broker_url):
    checkins = _due_checkins(100)
    call_command("setup_periodic_tasks", "--every", "1", verbosity=0)
    processes("worker")
    processes("beat", "--max-interval=1")
    processes("beat", "--max-interval=1")
    assert wait_for(lambda: _runs() >= 4, timeout=90), "beat did not trigger sweeps"
    _assert_exactly_once(checkins)


def test_later_due_reminders_are_picked_up_by_the_next_sweep(processes, broker_url):
    checkins = _due_checkins(20)
    processes("worker")
    _send_sweep(broker_url)
    assert wait_for(lambda: _runs() >= 1)
    more = _due_checkins(5)
    CheckIn.objects.filter(pk__in=[c.pk for c in checkins]).update(scheduled_on=timezone.localdate())
    _send_sweep(broker_url)
    assert wait_for(lambda: _runs() >= 2)
    _assert_exactly_once(checkins + more)
    assert timezone.now() - SweepHeartbeat.objects.get().last_finished_at < timedelta(minutes=1)
