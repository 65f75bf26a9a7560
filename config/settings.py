"""Settings for ZVH Procesregie: one module, configured by environment variables.

Every variable is documented in README.md. Defaults are for a first look on one machine
(SQLite, a broker that needs no server); production sets DEBUG=0 and the rest explicitly.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zvh.safety import INSECURE_DEFAULT_SECRET_KEY, assert_safe_configuration

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local .env (created by `make run` for development) fills in what the environment does not set.
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
assert_safe_configuration(debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Behind a proxy that sets X-Forwarded-For, the access log records the client address from it.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)

INSTALLED_APPS = [
    "zvh",
    "cases",
    "notifications",
    "planning",
    "monitoring",
    "closeout",
    "privacy",
    "practice",
    "dashboards",
    "config",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "django_filters",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zvh.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "zvh.middleware.TwoFactorRequiredMiddleware",
    # After the second factor: in practice mode the trainee works as their practice account.
    "practice.middleware.PracticeModeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 400 for NUL characters in the request; Django's bare 405 as a Dutch page (zvh/edge.py).
    "zvh.edge.InputGuardMiddleware",
    "cases.middleware.CaseReadOnlyMiddleware",
    # After authentication and the login check: one access-log entry per request on personal data.
    "privacy.audit.AccessLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "zvh.middleware.NoStoreMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.navigation",
                "zvh.security.session_timeout",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server, worker and beat share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL compiles a query to machine code (JIT) once the planner thinks it costly: at
    # national scale that cost 0.6 s on a dashboard aggregate that runs in 0.4 s without it. Parallel
    # workers for one query take the cores the other requests need: without them every page's worker
    # time under load was lower (docs/performance.md). PG_OPTIONS="" keeps the server's settings.
    pg_options = env("PG_OPTIONS", default="-c jit=off -c max_parallel_workers_per_gather=0")
    if pg_options:
        db_options = DATABASES["default"].setdefault("OPTIONS", {})
        db_options["options"] = f"{db_options['options']} {pg_options}" if db_options.get("options") else pg_options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL and not env.bool("CACHE_LOCMEM", default=False)
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "zvh.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username+IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user with region and organisation (one query per request).
    "zvh.backends.UserWithRegionBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user object; permissions only from the domain facts.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style: "23 november 2026" in text, "23-11-2026" in tables (zvh/formats/nl/formats.py).
FORMAT_MODULE_PATH = ["zvh.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Documents of a case (issue 15): outside every public path, served only by a permission-checked,
# access-logged view. Never put this under STATIC_ROOT or a web server's document root.
DOCUMENTS_ROOT = Path(env("DOCUMENTS_ROOT", default=str(BASE_DIR / "var" / "documents")))
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Virus scanning through clamd (Debian's clamav-daemon): a Unix socket, or a host and port. Neither set:
# documents are stored unscanned and every page that lists them says so.
CLAMD_SOCKET = env("CLAMD_SOCKET", default="")
CLAMD_HOST = env("CLAMD_HOST", default="")
CLAMD_PORT = env.int("CLAMD_PORT", default=3310)
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env.bool("PLAIN_STATIC", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: EMAIL_URL like smtp+tls://user:password@mail.example.nl:587; console in development.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
# Every e-mail goes into the outbox (notifications app); the delivery task sends it with the backend
# from EMAIL_URL. See README "Bezorging van e-mail".
EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
OUTBOX_DELIVERY_BACKEND = env("OUTBOX_DELIVERY_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)  # seconds per SMTP operation
OUTBOX_RETRY_FOR = timedelta(hours=env.int("OUTBOX_RETRY_HOURS", default=48))
OUTBOX_BACKOFF_BASE = timedelta(seconds=env.int("OUTBOX_BACKOFF_BASE_SECONDS", default=60))
OUTBOX_BACKOFF_MAX = timedelta(seconds=env.int("OUTBOX_BACKOFF_MAX_SECONDS", default=4 * 60 * 60))
# A message "sending" for longer than this belongs to an attempt that died (worker killed).
OUTBOX_SENDING_STALE_AFTER = timedelta(seconds=env.int("OUTBOX_SENDING_STALE_SECONDS", default=600))
OUTBOX_RECORD_RETRY = timedelta(seconds=env.int("OUTBOX_RECORD_RETRY_SECONDS", default=120))
OUTBOX_RELAY_LOOKUP = env("OUTBOX_RELAY_LOOKUP", default="")  # dotted path: message_id -> True/False/None
OUTBOX_MESSAGE_ID_DOMAIN = env("OUTBOX_MESSAGE_ID_DOMAIN", default="")
OUTBOX_CLOCK_FILE = env("OUTBOX_CLOCK_FILE", default="")  # fault suite only
OUTBOX_BATCH = env.int("OUTBOX_BATCH", default=200)
OUTBOX_RUN_SECONDS = env.int("OUTBOX_RUN_SECONDS", default=240)
OUTBOX_TASK_SOFT_LIMIT = OUTBOX_RUN_SECONDS + 6 * EMAIL_TIMEOUT + 60
OUTBOX_DELIVER_EVERY = env.int("OUTBOX_DELIVER_EVERY", default=30)  # seconds between periodic runs
# The outbox keeps a sent message (its raw bytes name the recipient) this long, a failed one longer so it can
# still be resent; then the daily purge deletes it.
OUTBOX_KEEP_SENT_DAYS = env.int("OUTBOX_KEEP_SENT_DAYS", default=30)
OUTBOX_KEEP_FAILED_DAYS = env.int("OUTBOX_KEEP_FAILED_DAYS", default=90)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ZVH Procesregie <noreply@zvh.example.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env("SITE_URL", default="http://localhost:8000")
# Password-reset mails: at most this many per e-mail address and per IP address in the window.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=10)
PASSWORD_RESET_WINDOW = timedelta(minutes=env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60))

# Security. Cookies are Secure unless explicitly switched off (development over plain HTTP).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
# The session cookie ends with the browser; the server ends the session after SESSION_IDLE_TIMEOUT
# minutes without a request and, whatever the activity, SESSION_COOKIE_AGE seconds after login
# (an absolute maximum of a working day). See zvh/middleware.py.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_ABSOLUTE_TIMEOUT = timedelta(seconds=SESSION_COOKIE_AGE)
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_TIMEOUT", default=30))
SESSION_IDLE_WARNING = timedelta(minutes=env.int("SESSION_IDLE_WARNING", default=2))
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "zvh.edge.csrf_failure"  # a Dutch page: the form expired (zvh/edge.py)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload directive only allows submitting the domain to the browsers' HSTS preload list (a separate act).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): only our own files, no inline script or style, no
# plugins, no <base>, never inside a frame. The Django admin of Django 5.2 needs no exception
# (its scripts are files; data for them is in data-* attributes). `data:` images are Bootstrap's
# inline SVG icons (select arrow, navbar toggler) in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# Two-factor authentication (django-otp, TOTP with backup codes). Required for everyone unless
# TWO_FACTOR_REQUIRED=0; by default required whenever DEBUG is off. See zvh/two_factor.py.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
TWO_FACTOR_BACKUP_CODES = 10
# The activation link a beheerder sends for (re-)enrolment: single use, valid this many hours.
TWO_FACTOR_ACTIVATION_HOURS = env.int("TWO_FACTOR_ACTIVATION_HOURS", default=72)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="ZVH Procesregie")

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one
# IP address, that combination is locked for AXES_COOLOFF_MINUTES; after AXES_IP_FAILURE_LIMIT
# failures from one IP address across usernames, that address is. A beheerder can lift a lockout
# earlier. The handler (zvh/lockout.py) applies the separate address limit.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "zvh.lockout.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zvh.lockout.lockout_response"  # templates/registration/lockout.html
AXES_USERNAME_FORM_FIELD = "username"
# Behind a reverse proxy, the number of proxies that add to X-Forwarded-For (0: use REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Celery. Default broker: kombu's filesystem transport (no server needed); production: Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery-broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "control_folder": str(_broker_dir / "control"),  # not ./control in the working directory
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "data_folder_processed": str(_broker_dir / "processed"),
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Survive a broker outage: keep retrying the connection, also at start-up, and never give up.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = env.int("CELERY_BROKER_CONNECTION_TIMEOUT", default=3)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Every task has a time limit (tasks may override); the visibility timeout is longer than the longest.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# Longer than the longest task's time limit (the nightly permission reconciliation: 3 h + 5 min), or
# Redis would hand a late-acknowledged task that is still running to a second worker.
LONGEST_TASK_SECONDS = 3 * 3600 + 300  # cases.tasks.reconcile_permissions_nightly's hard limit
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=4 * 3600)
if BROKER_VISIBILITY_TIMEOUT <= LONGEST_TASK_SECONDS:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({BROKER_VISIBILITY_TIMEOUT} s) must be longer than the longest task "
        f"({LONGEST_TASK_SECONDS} s), or Redis hands a running task to a second worker.")
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
        "retry_on_timeout": True,
        "health_check_interval": 25,
    }
CELERY_BEAT_SCHEDULE = {
    # The outbox is also delivered periodically: messages whose enqueueing failed (broker down)
    # and messages due for a retry. Stored in the database by django-celery-beat on beat's start.
    "Uitgaande e-mail: bezorgen": {"task": "notifications.tasks.deliver_outbox",
                                   "schedule": timedelta(seconds=OUTBOX_DELIVER_EVERY)},
    "Uitgaande e-mail: opruimen": {"task": "notifications.tasks.purge_outbox_daily",
                                   "schedule": crontab(minute=50, hour=2)},
}

# Domain settings.
REMINDER_SWEEP_EVERY = env.int("REMINDER_SWEEP_EVERY", default=60)  # seconds; the beat interval of the sweep
# Seconds one sweep run may take before it stops between batches and the next run goes on.
REMINDER_SWEEP_SECONDS = env.float("REMINDER_SWEEP_SECONDS", default=3.0)
# Seconds one part of the nightly retention run may take before the next part goes on.
RETENTION_RUN_SECONDS = env.float("RETENTION_RUN_SECONDS", default=2.5)
CASE_STAGNATION_DAYS = env.int("CASE_STAGNATION_DAYS", default=21)
CASES_PER_PAGE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
