"""Newsdesk settings: one module, driven by environment variables (see README)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsdesk.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NEWSDESK_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)
# Production: DEBUG=0 set explicitly, or serving through newsdesk/wsgi.py (gunicorn), which sets
# NEWSDESK_WSGI before the settings load. Everything else (manage.py, make run, a local worker)
# is development, so a newcomer's commands work with nothing exported.
PRODUCTION = (os.environ.get("DEBUG", "").strip() != "" and not DEBUG) or os.environ.get(
    "NEWSDESK_WSGI"
) == "1"

# pgserver and celery keep lock files in the runtime directory; keep ours inside var/.
(VAR_DIR / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))


def _secret_key() -> str:
    """SECRET_KEY (or SECRET_KEY_FILE); else, outside production, a development key in var/."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is required in production (DEBUG=0, or serving with gunicorn): "
            "set SECRET_KEY or SECRET_KEY_FILE"
        )
    # Development: generate one key once and keep it in var/, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "django_celery_beat",
    "axes",
    "csp",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
    "entities",
    "newsdesk.ingestion",
    "newsdesk.web",
    "newsdesk.benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsdesk.web.middleware.RejectControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

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
            ],
        },
    },
]

# --- Database: DATABASE_URL, else the embedded PostgreSQL server in var/ -------------------
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    from newsdesk.embedded_db import ensure_running

    DATABASE_URL = ensure_running(VAR_DIR)
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL (postgres://...)")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    )
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Random reads cost about as much as sequential ones on SSDs; PostgreSQL's default (4) steers
# the planner away from the index scans the list pages rely on.
_pg_options = DATABASES["default"].setdefault("OPTIONS", {})
_pg_options["options"] = " ".join(
    filter(
        None,
        [
            _pg_options.get("options"),
            f"-c random_page_cost={env_str('DB_RANDOM_PAGE_COST', '1.1')}",
            # JIT compiles a plan when its estimated cost is high, which a wrong row estimate
            # makes it seem: tens to hundreds of ms added to a page query that runs in a few.
            "-c jit=off",
            # The web's connections (gunicorn: newsdesk/wsgi.py) stop a statement after this
            # long; the page then says so (503) rather than hold a worker. Workers and commands
            # have no such limit. 0 turns it off.
            *(
                [f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 5000, minimum=0)}"]
                if os.environ.get("NEWSDESK_WSGI") == "1"
                else []
            ),
        ],
    )
)
# Points extra processes (a test's Celery worker) at another database on the same server.
if env_str("DATABASE_NAME"):
    DATABASES["default"]["NAME"] = env_str("DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches: in each process's memory -------------------------------------------------------
# "default" is Django's own default, written out: the kept country table and the API's rate
# limit counters. "pages" holds what public pages show every visitor alike (the unfiltered
# list's and entity pages' summaries, kept under the newest article's id): a key per page
# and per new article, up to 10,001 ids each, so they get a bounded store of their own and
# never push the rate limit counters out of "default".
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# --- Access: login limits, content security policy, HTTPS in production -------------------
# django-axes counts failed logins (by client address) and locks the address out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
# Scripts only from our own origin; inline style attributes are allowed (the pages' SVG
# charts and a few layout tweaks use them), inline scripts are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Hashed, compressed files need `collectstatic` first: production only.
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Celery: CELERY_BROKER_URL, else kombu's filesystem transport in var/ -------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL:
    _broker_dir = Path(env_str("NEWSDESK_BROKER_DIR") or VAR_DIR / "broker")
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    # A host in the URL: without one kombu warns "No hostname was supplied" on every connect.
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # outcomes are recorded on our own models
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers keep their database connection from task to task: Celery otherwise closes it after
# each one, which costs a new PostgreSQL connection per document. Before each task Django's
# own rules still apply (`newsdesk.celery.recycle_connection`): a connection older than
# DB_CONN_MAX_AGE, or one that failed its health check, is closed and opened anew.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # Django's LOGGING below is used
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_DEFAULT_QUEUE = "default"
# Fetching waits on the network, extraction on the CPU: separate queues scale separately.
CELERY_TASK_ROUTES = {
    "articles.poll_due_feeds": {"queue": "fetch"},
    "articles.poll_feed": {"queue": "fetch"},
    "articles.fetch_url": {"queue": "fetch"},
    "articles.process_raw": {"queue": "extract"},
    "articles.analyse_article": {"queue": "extract"},
}

# --- Recovery: lost messages, dead workers, runs that never finish --------------------------
# Redis gives a message that a worker took but never acknowledged (the worker died) to another
# worker once the visibility timeout has passed. It must exceed the longest a message is held
# unacknowledged: the hard time limit, plus a countdown held by the worker (politeness waits,
# fetch retry backoff: about a minute at most) and a wait for a free pool process. Shorter, a
# long task would run a second time while the first is still at it; longer, a dead worker's
# work waits longer. Kombu looks for such messages when a worker starts and every ~100 s.
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _visibility_timeout = env_int(
        "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 300, minimum=1
    )
    if _visibility_timeout <= CELERY_TASK_TIME_LIMIT:
        raise ImproperlyConfigured(
            f"CELERY_VISIBILITY_TIMEOUT={_visibility_timeout} must exceed "
            f"CELERY_TASK_TIME_LIMIT={CELERY_TASK_TIME_LIMIT}: a task still running would be "
            "delivered to a second worker"
        )
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _visibility_timeout}
# The sweeper (beat, every minute; newsdesk/ingestion/sweeper.py) sends again a raw document
# left pending, or an article left unanalysed, this long after it was stored or last tried:
# longer than the visibility timeout, so it only picks up what the broker itself lost.
INGESTION_RESEND_AFTER_SECONDS = env_int("INGESTION_RESEND_AFTER_SECONDS", 900, minimum=1)
# Starts of processing before a document that kills its worker every time is set aside.
INGESTION_MAX_ATTEMPTS = env_int("INGESTION_MAX_ATTEMPTS", 3, minimum=1)
# A run still "running" with nothing pending and nothing done for this long is closed.
INGESTION_RUN_CLOSE_AFTER_SECONDS = env_int("INGESTION_RUN_CLOSE_AFTER_SECONDS", 3600, minimum=1)

# Local files larger than this are refused unread (the same cap as a fetched response).
INGEST_MAX_FILE_BYTES = env_int("INGEST_MAX_FILE_BYTES", 5 * 1024 * 1024, minimum=1024)

# --- Fetching ----------------------------------------------------------------------------
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 15, minimum=1)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)
FETCH_DEADLINE_SECONDS = env_int("FETCH_DEADLINE_SECONDS", 60, minimum=1)
# "host" or "host:port" entries that may be loopback/private (tests); metadata never is.
FETCH_ALLOW_HOSTS = env_list("FETCH_ALLOW_HOSTS", [])
FETCH_MIN_DOMAIN_INTERVAL_MS = env_int("FETCH_MIN_DOMAIN_INTERVAL_MS", 1000, minimum=0)
FETCH_USER_AGENT = env_str(
    "FETCH_USER_AGENT", "Newsdesk/0.1 (+https://github.com/newsdesk; news research crawler)"
)

# --- API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # JSON first (what clients without an Accept header get); a browser asking for HTML
    # gets the browsable API rather than a 406.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Anonymous use is rate-limited per client address (counted in the cache).
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "120/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsdesk API",
    "DESCRIPTION": "Read-only access to articles, people, countries and attributed claims.",
    "VERSION": "1",
    # The docs page's scripts, styles and icon come from drf-spectacular-sidecar's static
    # files: no CDN, so /api/docs/ works offline and loads nothing from elsewhere.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the public validator (validator.swagger.io) on the page.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "pgserver": {"level": "WARNING"},
        "trafilatura": {"level": "WARNING"},
        "htmldate": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

if PRODUCTION:
    # Production is served over HTTPS (TLS ends at gunicorn or at a proxy that sets
    # X-Forwarded-Proto, see SECURE_PROXY_SSL_HEADER): cookies only over HTTPS, HSTS, and
    # plain-HTTP requests redirected. Each can be turned off for a local production-like run.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("SECURE_PROXY_SSL", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
