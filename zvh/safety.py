"""Refuse to start with a configuration that is unsafe outside development."""

from django.core.exceptions import ImproperlyConfigured

INSECURE_DEFAULT_SECRET_KEY = "django-insecure-dev-only-do-not-use-in-production"  # noqa: S105


def assert_safe_configuration(*, debug: bool, secret_key: str, allowed_hosts: list[str]) -> None:
    """Raise ImproperlyConfigured when DEBUG is off and the setup is not fit for production.

    With DEBUG off the secret key must be set (not the development default, at least 50
    characters) and ALLOWED_HOSTS must name the hosts (no wildcard).
    """
    if debug:
        return
    if not secret_key or secret_key == INSECURE_DEFAULT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off, set SECRET_KEY to a long random value."
        )
    if len(secret_key) < 50:
        raise ImproperlyConfigured("SECRET_KEY is too short: use at least 50 random characters.")
    if not allowed_hosts or "*" in allowed_hosts:
        raise ImproperlyConfigured("With DEBUG off, ALLOWED_HOSTS must list the host names (no '*').")
