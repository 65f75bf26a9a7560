"""Security middleware: session timeouts, mandatory two-factor authentication, no caching of pages.

Order in settings.MIDDLEWARE: SessionTimeoutMiddleware after AuthenticationMiddleware (it needs
request.user), TwoFactorRequiredMiddleware after LoginRequiredMiddleware (anonymous users go to the
login page first) and after django-otp's OTPMiddleware (it needs request.user.is_verified).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

# Session keys (underscore: Django's own keys look alike and no form can set them).
AUTH_STARTED_KEY = "_zvh_auth_started"
LAST_ACTIVITY_KEY = "_zvh_last_activity"
# Record activity at most once a minute: no session write on every request.
ACTIVITY_RESOLUTION_SECONDS = 60

EXPIRED_IDLE = "verlopen"
EXPIRED_ABSOLUTE = "maximum"


def touch_session(request, *, force: bool = False) -> None:
    """Record that the user is active now (at most once per ACTIVITY_RESOLUTION_SECONDS unless forced)."""
    now = time.time()
    session = request.session
    session.setdefault(AUTH_STARTED_KEY, now)
    last = session.get(LAST_ACTIVITY_KEY)
    if force or last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
        session[LAST_ACTIVITY_KEY] = now


def session_expiry_reason(request) -> str | None:
    """Why the logged-in user's session has ended (idle or past the daily maximum), or None."""
    session = request.session
    now = time.time()
    started = session.get(AUTH_STARTED_KEY)
    last = session.get(LAST_ACTIVITY_KEY)
    if started is not None and now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
        return EXPIRED_ABSOLUTE
    if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return EXPIRED_IDLE
    return None


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT without requests, and SESSION_ABSOLUTE_TIMEOUT after login.

    Django's own expiry slides with every session write; this one does not. The user lands on
    the login page with a notice why (`?sessie=verlopen|maximum`) and returns to the page after
    logging in again. static/js/session-timeout.js warns in the browser before the idle timeout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = session_expiry_reason(request)
            if reason:
                logout(request)
                query = {"sessie": reason}
                if request.method == "GET":
                    query["next"] = request.get_full_path()
                return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}")
            touch_session(request)
        return self.get_response(request)


# Views a user who still has to set up or enter the second factor may use.
TWO_FACTOR_EXEMPT_VIEWS = {
    "two_factor_setup", "two_factor_verify", "two_factor_activate", "logout", "login", "session_keepalive",
}


class TwoFactorRequiredMiddleware:
    """With TWO_FACTOR_REQUIRED, a logged-in user must pass the second factor before anything else.

    A user without a confirmed authenticator goes to the enrolment page, a user with one to the
    page that asks for the code; both come back to the page they asked for. This holds for the
    admin (/beheer/) too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TWO_FACTOR_REQUIRED:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_EXEMPT_VIEWS and not match.namespace:
            return None
        from zvh.two_factor import has_authenticator

        target = "two_factor_verify" if has_authenticator(user) else "two_factor_setup"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse(target) + (f"?{query}" if query else ""))


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user.

    Pages of a logged-in user may show case data (police and youth-care information): no browser
    cache, proxy or back button may keep them. Static files never reach this middleware
    (WhiteNoise answers them first) and keep their long cache lifetime.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, must_revalidate=True, private=True)
            response.headers.pop("Expires", None)
        return response
