"""Karsplan settings: one module, read from the environment.

Development defaults are safe and need nothing: SQLite in the project folder and
Celery tasks run eagerly in-process. With ``DEBUG`` off the application refuses
to start half-configured (no ``SECRET_KEY`` or no ``ALLOWED_HOSTS``).
See ``.env.example``, the README's "Configuration" and ``docs/operations.md``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DEBUG = env.bool("DEBUG", default=True)
DEMO = env.bool("KARSPLAN_DEMO", default=False)

_DEV_SECRET = "karsplan-dev-insecure-key-only-for-debug-0123456789abcdef"
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
else:
    missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "DEBUG is off but %s not set. Set them in the environment or in .env "
            "(see .env.example)." % " and ".join(missing)
        )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "simple_history",
    "import_export",
    "axes",
    "goals",
    "accounts",
    "indicators",
    "budget",
    "reports",
    "plans",
    "notifications",
    "transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "karsplan.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the Turkish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "karsplan.urls"

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
                "karsplan.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "karsplan.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, docs/operations.md "Accounts"): AXES_FAILURE_LIMIT failed
# logins for one username from one address lock that pair out for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind the TLS proxy the client's address is the last X-Forwarded-For entry (accounts/login.py).
AXES_CLIENT_IP_CALLABLE = "accounts.login.client_ip"
AXES_RESET_ON_SUCCESS = True
# The lock lasts AXES_COOLOFF_MINUTES from the last counted failure: attempts during the lock
# neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# A password-reset or invitation link stays valid this long (Django's default: 3 days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_DAYS", default=3) * 24 * 60 * 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Turkish first; English msgids so that the product can be translated. There is no
# LocaleMiddleware on purpose: the interface is Turkish whatever the browser's language
# (set LANGUAGE_CODE to change it for a whole installation).
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="tr")
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
# Years and ids must not read "2.025": numbers are formatted explicitly (trnum, trmoney).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["karsplan.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Evidence files may be up to 20 MB; uploads above this are streamed to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="karsplan@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An SMTP server that never answers must not hang a request or a worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The address users reach the site at: absolute links in e-mails (no request to build them from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery: without REDIS_URL every task runs eagerly in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = False
# The results cache (reports.results.cache, docs/performance.md): Redis when REDIS_URL is set
# (shared by the web processes and the workers), this process's memory otherwise. Entries are
# keyed by the plan's data version, so none is ever stale; a cache that fails is skipped.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="karsplan"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"reports.tasks.*": {"queue": "reports"}}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The limits of tasks without their own (the report job): the annual report of a plan 20x the
# Kars plan (1,346 pages) took 13.6 minutes on the loaded 2-core development machine
# (docs/performance.md); 30 minutes stays below Redis' visibility timeout (1 hour), after which
# an unacknowledged task would be delivered again.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=1800)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=1740)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a web request gives up within a few seconds when Redis is down (the job is
# then marked failed with a message), instead of retrying for 20 s and answering 500.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}
# Beat: end the report jobs that no worker runs any more (docs/reports.md, "Jobs that fail").
# Reminders: the day's deadline reminders each morning (each is sent once, however often run).
CELERY_BEAT_SCHEDULE = {
    "report-sweep": {"task": "reports.tasks.report_sweep_task", "schedule": 30.0},
    "mail-pending-notifications": {
        "task": "notifications.tasks.notifications_mail_pending_task",
        "schedule": 600.0,
    },
    "send-reminders": {
        "task": "notifications.tasks.reminders_send_task",
        "schedule": crontab(hour=env.int("KARSPLAN_REMINDER_HOUR", default=8), minute=0),
    },
}
# Report jobs: a running job writes a heartbeat every REPORTS_HEARTBEAT_SECONDS; the sweep ends
# a running job silent for REPORTS_STALE_SECONDS (its worker died) and a queued job no worker
# took within REPORTS_QUEUE_TIMEOUT. A job is claimed at most REPORTS_MAX_ATTEMPTS times.
REPORTS_HEARTBEAT_SECONDS = env.int("REPORTS_HEARTBEAT_SECONDS", default=15)
REPORTS_STALE_SECONDS = env.int("REPORTS_STALE_SECONDS", default=75)
REPORTS_QUEUE_TIMEOUT = env.int("REPORTS_QUEUE_TIMEOUT", default=900)
REPORTS_MAX_ATTEMPTS = 3
# Test only: seconds a render sleeps after its claim (the worker tests kill it meanwhile).
REPORTS_TEST_PAUSE = env.float("REPORTS_TEST_PAUSE", default=0.0)

# Security: production settings follow from DEBUG being off.
# Sessions are read from the cache (Redis with REDIS_URL, else the process's memory) and written
# through to the database, which stays the record: a request costs no session query on a hit.
SESSION_ENGINE = "karsplan.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    # Behind the TLS proxy (Caddy in docker-compose.yml), which sets X-Forwarded-Proto itself
    # and overwrites what a client sent. Without such a proxy, set TRUST_X_FORWARDED_PROTO=0:
    # a client could otherwise claim "https" over plain HTTP.
    if env.bool("TRUST_X_FORWARDED_PROTO", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The health checks (compose, load balancer) speak plain HTTP to gunicorn directly:
    # /healthz alone answers them instead of redirecting to https (matched without the "/").
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# Content-Security-Policy (django-csp), the same with DEBUG on or off: scripts, styles,
# images and fonts only from this site, no inline script or style (templates keep none: see
# docs/operations.md, "Headers"), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Permissions-Policy (karsplan.middleware): no page needs any of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Logs go to stderr. A refused request (4xx) is one line: status, method, path, user id and
# reason (karsplan.log_filters); a server error (5xx) keeps its traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_4xx": {"()": "karsplan.log_filters.OneLineClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_4xx"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["one_line_4xx"]},
    },
}

# Karsplan's own settings (see docs/computation.md). CLAMP, BANDS, AIM_MEAN and PLAN_MEAN are
# read in one place: indicators.computation_settings.computation_settings().
KARSPLAN = {
    # Clamp each indicator's realization to [0, 100] inside the target's weighted sum.
    "CLAMP": env.bool("KARSPLAN_CLAMP", default=True),
    # Status bands: lower bounds, highest first.
    "BANDS": {"ulasildi": 100, "iyi": 85, "orta": 70, "dusuk": 55},
    # "plain" or "cost" (cost-weighted) means for aims and the plan.
    "AIM_MEAN": env.str("KARSPLAN_AIM_MEAN", default="plain"),
    "PLAN_MEAN": env.str("KARSPLAN_PLAN_MEAN", default="plain"),
    # The problems list flags a budget more than this many points from the expected share.
    "BUDGET_TOLERANCE": env.int("KARSPLAN_BUDGET_TOLERANCE", default=50),
    # Days after a period's end before its entry window closes.
    "ENTRY_DEADLINE_DAYS": env.int("KARSPLAN_ENTRY_DEADLINE_DAYS", default=15),
    # Deadline reminders go this many days before a period's deadline (send_reminders).
    "REMINDER_DAYS": [int(d) for d in env.list("KARSPLAN_REMINDER_DAYS", default=["7", "2"])],
}
