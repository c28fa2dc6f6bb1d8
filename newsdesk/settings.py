"""Newsdesk settings: one module, driven by environment variables (see README)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsdesk.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NEWSDESK_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)

# pgserver keeps its lock file in the runtime directory; keep it inside var/.
(VAR_DIR / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))

# pgserver and celery keep lock files in the runtime directory; keep ours inside var/.
(VAR_DIR / "run").mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
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
    "rest_framework",
    "drf_spectacular",
    "articles",
    "entities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
        ],
    )
)
# Points extra processes (a test's Celery worker) at another database on the same server.
if env_str("DATABASE_NAME"):
    DATABASES["default"]["NAME"] = env_str("DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Celery: CELERY_BROKER_URL, else kombu's filesystem transport in var/ -------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL:
    _broker_dir = Path(env_str("NEWSDESK_BROKER_DIR") or VAR_DIR / "broker")
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
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

# --- Fetching ----------------------------------------------------------------------------
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 15, minimum=1)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)
FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES", default=False)
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
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsdesk API",
    "DESCRIPTION": "Read-only access to articles, people, countries and attributed claims.",
    "VERSION": "1",
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
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
