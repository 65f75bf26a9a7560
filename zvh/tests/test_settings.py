import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from zvh.safety import INSECURE_DEFAULT_SECRET_KEY, assert_safe_configuration

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x" * 64


@pytest.mark.parametrize(
    ("secret_key", "hosts", "message"),
    [
        (INSECURE_DEFAULT_SECRET_KEY, ["zvh.example.nl"], "SECRET_KEY is not set"),
        ("", ["zvh.example.nl"], "SECRET_KEY is not set"),
        ("short", ["zvh.example.nl"], "too short"),
        (GOOD_KEY, [], "ALLOWED_HOSTS"),
        (GOOD_KEY, ["*"], "ALLOWED_HOSTS"),
    ],
)
def test_unsafe_production_configuration_is_refused(secret_key, hosts, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        assert_safe_configuration(debug=False, secret_key=secret_key, allowed_hosts=hosts)


def test_safe_production_configuration_and_debug_are_accepted():
    assert_safe_configuration(debug=False, secret_key=GOOD_KEY, allowed_hosts=["zvh.example.nl"])
    assert_safe_configuration(debug=True, secret_key=INSECURE_DEFAULT_SECRET_KEY, allowed_hosts=[])


def _start_django(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings"}, capture_output=True, text=True,
        timeout=60,
    )


def test_django_refuses_to_start_with_debug_off_and_the_default_secret(tmp_path):
    # Run from a copy-free environment: no .env file may supply the values (read_env never overrides).
    result = _start_django(DEBUG="0", ALLOWED_HOSTS="zvh.example.nl")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_django_starts_with_a_proper_production_configuration():
    result = _start_django(DEBUG="0", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="zvh.example.nl")
    assert result.returncode == 0, result.stderr


def test_dutch_time_zone_and_language(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ
