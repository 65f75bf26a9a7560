"""What an operator watches: liveness, readiness, and the Dutch 503 page during a database outage.

`/gezondheid/` answers 200 as long as the process serves requests (no database, cache or broker).
`/gezondheid/gereed/` checks the database, cache, broker, the age of the last reminder sweep and
the outbox backlog, and answers JSON. It answers 503 only when the database is unreachable (the
web process cannot serve without it); a cache, broker or sweep problem gives 200 with
`"status": "degraded"`, because the web keeps working (the outbox holds mail, dashboards compute
without cache) — an operator alerts on "degraded", a load balancer only on 503.
"""

import logging
import sys
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache

from notifications.constants import LONG_PENDING_AFTER, OutboxStatus

logger = logging.getLogger(__name__)

# name → function returning when that periodic job last finished (or None). Filled by the apps that
# own the jobs, in their AppConfig.ready() (the reminder sweep: monitoring).
_HEARTBEATS: dict[str, Callable[[], datetime | None]] = {}


def register_heartbeat(name: str, last_finished: Callable[[], datetime | None]) -> None:
    _HEARTBEATS[name] = last_finished


def stale_after() -> timedelta:
    """Two sweep intervals: the operator and the beheerder are warned after two missed sweeps."""
    return timedelta(seconds=2 * settings.REMINDER_SWEEP_EVERY)


def sweep_is_stale(now=None) -> bool:
    """True when a registered periodic job has not finished within two sweep intervals."""
    now = now or timezone.now()
    for last_finished in _HEARTBEATS.values():
        last = last_finished()
        if last is None or last < now - stale_after():
            return True
    return False


@login_not_required
@never_cache
def liveness(request):
    return HttpResponse("ok", content_type="text/plain")


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _check_cache() -> dict:
    cache.set("gezondheid", "1", 10)
    return {"ok": cache.get("gezondheid") == "1"}


def _check_broker() -> dict:
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True}


def _check_sweep() -> dict:
    now = timezone.now()
    ages = {}
    for name, last_finished in _HEARTBEATS.items():
        last = last_finished()
        ages[name] = round((now - last).total_seconds()) if last else None
    stale = any(age is None or age > stale_after().total_seconds() for age in ages.values())
    return {"ok": not stale, "age_seconds": ages, "stale_after_seconds": int(stale_after().total_seconds())}


def _check_outbox() -> dict:
    from notifications.models import OutboxMessage

    now = timezone.now()
    waiting = OutboxMessage.objects.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING])
    overdue = waiting.filter(created_at__lte=now - LONG_PENDING_AFTER).count()
    failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count()
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return {"ok": overdue == 0 and failed == 0, "waiting": waiting.count(), "waiting_over_30_min": overdue,
            "failed": failed, "oldest_waiting_seconds": round((now - oldest).total_seconds()) if oldest else 0}


CHECKS = [("database", _check_database), ("cache", _check_cache), ("broker", _check_broker),
          ("sweep", _check_sweep), ("outbox", _check_outbox)]


@login_not_required
@never_cache
def readiness(request):
    """JSON per check; 503 only without a database, "degraded" when anything else is wrong."""
    results = {}
    for name, check in CHECKS:
        if name in ("sweep", "outbox") and not results["database"]["ok"]:
            results[name] = {"ok": False, "error": "database onbereikbaar"}
            continue
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - every failure is a result, never a 500
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}
    if not results["database"]["ok"]:
        status, code = "unavailable", 503
    elif all(result["ok"] for result in results.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    response = JsonResponse({"status": status, "checks": results}, status=code)
    if code == 503:
        response["Retry-After"] = "30"
    return response


def server_error(request, *args, **kwargs):
    """handler500: a database outage answers the Dutch 503 page with Retry-After; anything else 500.

    Rendered without the request context: no query may run while the database is away.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) or isinstance(getattr(error, "__cause__", None), DatabaseError):
        body = loader.get_template("503.html").render({"retry_after": 30})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)
