"""Template context for the security features of the base layout."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from zvh.middleware import ACTIVITY_RESOLUTION_SECONDS, EXPIRED_IDLE


def session_timeout(request):
    """The idle timeout and warning for static/js/session-timeout.js (data-* attributes on <body>).

    The browser counts from the page load; the server may have recorded the activity up to
    ACTIVITY_RESOLUTION_SECONDS earlier, so the browser ends the session that much sooner.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    query = {"sessie": EXPIRED_IDLE}
    if request.method == "GET":
        query["next"] = request.get_full_path()
    return {
        "session_idle_seconds": max(int(settings.SESSION_IDLE_TIMEOUT.total_seconds()) - ACTIVITY_RESOLUTION_SECONDS,
                                    60),
        "session_warning_seconds": int(settings.SESSION_IDLE_WARNING.total_seconds()),
        "session_warning_minutes": max(int(settings.SESSION_IDLE_WARNING.total_seconds()) // 60, 1),
        "session_expired_url": f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}",
    }
