"""Throttling of login and password-reset attempts.

Login (django-axes): AXES_LOCKOUT_PARAMETERS count failures per username+IP address and per IP
address across usernames. The handler below gives the address-wide count its own, higher limit
(AXES_IP_FAILURE_LIMIT: colleagues share an office address) and forgives, on a successful login,
only that username's failures from that address — not the whole address, or an attacker with one
valid account could wipe the address-wide count by logging in between guesses.

Password reset: at most PASSWORD_RESET_LIMIT_PER_ADDRESS mails per e-mail address and
PASSWORD_RESET_LIMIT_PER_IP requests per IP address in PASSWORD_RESET_WINDOW (counters in the
cache, shared by all web processes through Redis). The answer is the same whether or not an
account exists for the address.
"""

import hashlib
import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("zvh.security")


def lockout_response(request, original_response=None, credentials=None):
    """429 with a Dutch explanation; it names neither whether the username exists nor the IP."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "registration/lockout.html", context, status=429)


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes database handler with a separate limit per IP address (AXES_HANDLER)."""

    def get_failures(self, request, credentials=None) -> int:
        """Failures on the AXES_FAILURE_LIMIT scale: max(username+IP, IP-wide scaled to its own limit)."""
        recent = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)

        def total(qs) -> int:
            return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0

        per_username = total(recent.filter(username=username))
        per_address = total(recent)
        # floor(a * L / IPL) reaches L exactly when a reaches IPL.
        scaled = per_address * settings.AXES_FAILURE_LIMIT // settings.AXES_IP_FAILURE_LIMIT
        return max(per_username, scaled)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login: forget this username's failures from this address only."""
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(username=username,
                                                       ip_address=request.axes_ip_address).delete()
        return count


# ---------------------------------------------------------------------------------------------
# Password reset


def _over_limit(key: str, limit: int) -> bool:
    """Count one request under `key` in the current window; True when that exceeds `limit`.

    Fixed windows numbered by our clock (not the cache server's expiry), so every web process agrees.
    """
    window = int(settings.PASSWORD_RESET_WINDOW.total_seconds())
    key = f"{key}:{int(timezone.now().timestamp()) // window}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def password_reset_throttled(*, email: str, ip_address: str | None) -> bool:
    """Count a reset request for `email` from `ip_address`; True if either is over its limit."""
    address_key = "pwreset:addr:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()
    ip_key = "pwreset:ip:" + hashlib.sha256((ip_address or "-").encode()).hexdigest()
    # Both counters count every request, also one that is refused.
    over_address = _over_limit(address_key, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS)
    over_ip = _over_limit(ip_key, settings.PASSWORD_RESET_LIMIT_PER_IP)
    return over_address or over_ip


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, throttled per e-mail address and per IP address."""

    def form_valid(self, form):
        ip_address = get_client_ip_address(self.request)
        if password_reset_throttled(email=form.cleaned_data["email"], ip_address=ip_address):
            logger.warning("password reset throttled ip=%s", ip_address)
            form.add_error(None, _("Er is de afgelopen tijd te vaak een nieuw wachtwoord aangevraagd. Probeer het "
                                   "over een uur opnieuw, of neem contact op met de functioneel beheerder van uw "
                                   "Zorg- en Veiligheidshuis."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
