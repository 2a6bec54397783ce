"""The one settings module: everything a deployment changes comes from FRACOS_* variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from fracos import config

BASE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def _count(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default)).strip()
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}: '{raw}' is not a whole number (0, 1, 2, …)")
    return int(raw)


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = config.secret_key()
DEBUG = _flag("FRACOS_DEBUG")
ALLOWED_HOSTS = _list("FRACOS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _list("FRACOS_CSRF_TRUSTED_ORIGINS", "")
SECURE = _flag("FRACOS_SECURE")  # behind HTTPS in production
# How many proxies (TLS terminators, load balancers) stand in front: the client's address is
# then read from X-Forwarded-For, which is never trusted when this is 0 (practice/ratelimit.py).
FRACOS_TRUSTED_PROXIES = _count("FRACOS_TRUSTED_PROXIES", 0)
# Where people reach this server: links handed out of it (calendar feeds) start with it.
FRACOS_BASE_URL = os.environ.get("FRACOS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "fracos.practice",
    "fracos.clients",
    "fracos.engagements",
    "fracos.timesheets",
    "fracos.pipeline",
    "fracos.cadence",
    "fracos.insights",
    "fracos.billing",
    "fracos.web",
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

ROOT_URLCONF = "fracos.urls"
WSGI_APPLICATION = "fracos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    url = config.database_url()
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return dict(db)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": config.sqlite_path(),
        "OPTIONS": {
            # WAL lets the server read while the CLI writes; IMMEDIATE makes
            # writers queue up front instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
        # Reusing a thread's connection spares reopening the file and re-running the pragmas.
        "CONN_MAX_AGE": 600,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's model backend and database sessions, each with its per-request read compiled once.
AUTHENTICATION_BACKENDS = ["fracos.web.backends.UserBackend"]
SESSION_ENGINE = "fracos.web.sessions"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(config.data_dir()) / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Per process: cached figures are keyed by the data version read from the database on
# every request (insights/freshness.py), so processes never need to share or clear it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fracos",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

EMAIL_BACKEND = os.environ.get(
    "FRACOS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("FRACOS_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("FRACOS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("FRACOS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FRACOS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("FRACOS_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("FRACOS_FROM_EMAIL", "fracos@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FRACOS_LOG_LEVEL", "WARNING")},
}
