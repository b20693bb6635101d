"""One settings module, configured by environment variables.

Local use needs nothing set: an embedded SQLite database under ./var, an in-memory cache, and
DEBUG on. With DJANGO_ENV=production the defaults turn strict: DEBUG off, a secret key and the
allowed hosts must be given, and cookies and HTTPS are locked down.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    """A yes or no. Anything else is refused: a typo ("ture") must not quietly mean "no"."""
    value = env(name).strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    words = ", ".join(TRUE_WORDS + FALSE_WORDS)
    raise ImproperlyConfigured(f"{name} must be one of {words}, not {env(name)!r}.")


def env_int(name: str, default: int) -> int:
    """A whole number, such as 90 (days) or 587 (a port)."""
    value = env(name).strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, such as {default}, not {env(name)!r}."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


ENVIRONMENT = env("DJANGO_ENV", "local")
if ENVIRONMENT not in ("local", "production"):
    # A typo ("prod") must not quietly give a server the local defaults, DEBUG included.
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'local' or 'production', not {ENVIRONMENT!r}.")
PRODUCTION = ENVIRONMENT == "production"
LOCAL = ENVIRONMENT == "local"

if PRODUCTION:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to 50 or more random characters.")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names of the site.")
    DEBUG = False
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", "local-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
    DEBUG = env_bool("DJANGO_DEBUG", True)

# ./var in the directory the command runs in, not beside the code: after a plain `pip install`
# the code is in site-packages, which is no place for a database (and often not writable).
DATA_DIR = Path(env("WHOLECHILD_DATA_DIR") or "var").absolute()

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "wholechild.care",
    "wholechild.parents",
    "wholechild.clinic",
    "wholechild.family",
]

MIDDLEWARE = [
    # Outermost, so it sees every answer last: HEAD gets the headers only, which waitress does
    # not see to itself (wholechild.web.head).
    "wholechild.web.head.HeadWithoutBodyMiddleware",
    # Then: a load balancer's /healthz and /readyz are answered before the host check and the
    # HTTPS redirect, which would refuse a probe sent over HTTP to the server's own address.
    "wholechild.health.ProbeMiddleware",
    # Compresses an answer once the rest have made it, and only one that carries no one's
    # details (no no-store, no cookie): wholechild.web.compression says why.
    "wholechild.web.compression.PublicPagesGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wholechild.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, with a policy of its own for the JSON doors' answers (wholechild.security).
    "wholechild.security.ContentSecurityPolicyMiddleware",
    # The page's language: the one chosen with the language switch (a cookie for the browser's
    # session), else the browser's Accept-Language, else English. The clinic's pages are in
    # English whatever the browser asks for (the next one).
    "django.middleware.locale.LocaleMiddleware",
    "wholechild.clinic.middleware.ClinicInEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Its check passes the API by (the API's views are exempt) and costs nothing there.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # PAGE_MIDDLEWARE, below, for every request but the JSON API's (wholechild.web.doors).
    "wholechild.web.doors.PageMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# What only the pages need: the API has no sessions, sign-in or messages.
PAGE_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wholechild.clinic.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "wholechild.urls"
WSGI_APPLICATION = "wholechild.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        # Django's, with {% translate "…" %} and {% url '…' %} remembered rather than worked
        # out again on every page: the same output, a fraction of the time.
        "BACKEND": "wholechild.web.templates.RememberingTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wholechild.web.clinic.clinic",
            ],
        },
    },
]
# Form fields drawn with the project's components: `{{ form.name.as_field_group }}`.
FORM_RENDERER = "wholechild.web.renderers.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'wholechild.sqlite3'}"),
        conn_max_age=600 if PRODUCTION else 0,
        # A kept connection the database has dropped (a restart, a failover, an idle timeout)
        # is checked with a cheap query at the start of each request and replaced, instead of
        # failing that request: the first one on each thread after a restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request (and /readyz) in seconds, not never.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `wholechild serve` answers from several threads. BEGIN IMMEDIATE takes SQLite's write lock
    # when a transaction starts, so writers queue (up to the timeout) instead of failing with
    # "database is locked" when two of them meet half-way. In WAL mode SQLite's NORMAL
    # synchronous setting writes each commit to the log without waiting for the disk (it waits
    # at checkpoints): a crash of the app loses nothing and nothing is ever corrupted, and a
    # power cut may lose the last commits. FULL would wait for the disk at every commit, and so
    # take at most one write per disk flush, a few hundred a second (docs/decisions.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
    # The test database is a file too, as the app's is: threads then share it the way the
    # server's threads do (an in-memory one is shared through a cache with table locks).
    # One per test process, so that two runs side by side never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"wholechild-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The parent's answers live in the session, and the session lives in the cache, never in the
# database: nothing about a child is stored unless the family sends a request. Locally that is
# the process's memory; with several app processes, point REDIS_URL at a shared Redis.
REDIS_URL = env("REDIS_URL")
# A Redis that does not answer fails a cache call within a second or two rather than holding a
# server thread; redis-py reconnects by itself once it is back (wholechild.web.sessions).
REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "wholechild.web.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "wholechild",
        }
    }
# The rate limit on the public forms is shared by every app process: in Redis when it is
# configured, otherwise in the database (wholechild.care.ratelimit).
if REDIS_URL:
    CACHES["ratelimit"] = {
        "BACKEND": "wholechild.web.cache.SharedClientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ratelimit",
        "OPTIONS": REDIS_OPTIONS,
    }
# Django's cache sessions, except that a cache which is down is not taken for an empty session:
# the page says so (a 503), and the parent's cookie and answers are there when it is back.
SESSION_ENGINE = "wholechild.web.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 2  # two hours: long enough for the check, short for a shared phone
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Staff accounts ------------------------------------------------------------------------
# Argon2 for every new password; the others only so that an imported hash can still be checked
# (and is upgraded to Argon2 at the next sign-in).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username and address before any hashing.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "clinic:sign_in"
LOGIN_REDIRECT_URL = "clinic:inbox"
# Lockout: five failures for one username from one address, then a cool-off.
AXES_FAILURE_LIMIT = env_int("WHOLECHILD_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WHOLECHILD_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "clinic/accounts/locked_out.html"
AXES_VERBOSE = False
# django-axes keeps a keyed hash of the username typed, never the text (a parent's email typed
# there by mistake), nor the form's fields; the audit log already has every sign-in, so axes
# keeps no log of its own. The address is the one the audit log uses, checked.
AXES_USERNAME_CALLABLE = "wholechild.care.staff.sign_in_lockout_key"
AXES_SENSITIVE_PARAMETERS = ["username"]
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_CLIENT_IP_CALLABLE = "wholechild.care.audit.client_address"
# Staff sessions: 30 minutes idle, 12 hours at most (wholechild.clinic.middleware).
STAFF_IDLE_SECONDS = env_int("WHOLECHILD_STAFF_IDLE_MINUTES", 30) * 60
STAFF_MAX_SESSION_SECONDS = env_int("WHOLECHILD_STAFF_MAX_HOURS", 12) * 60 * 60
OTP_TOTP_ISSUER = env("WHOLECHILD_CLINIC_NAME", "WholeChild clinic")

# --- The clinic ------------------------------------------------------------------------------
CLINIC_NAME = env("WHOLECHILD_CLINIC_NAME", "WholeChild clinic")
# The first values of the clinic's contact details; the administrator changes them on the
# Settings page (wholechild.care.models.ClinicSettings), where they are kept from then on.
CLINIC_PHONE = env("WHOLECHILD_CLINIC_PHONE")
CLINIC_EMAIL = env("WHOLECHILD_CLINIC_EMAIL")
CLINIC_WEBSITE = env("WHOLECHILD_CLINIC_WEBSITE")
# How long each process remembers the clinic's settings before reading them again: a change
# shows at once in the process that saved it and within these seconds in the others.
CLINIC_SETTINGS_SECONDS = env_int("WHOLECHILD_CLINIC_SETTINGS_SECONDS", 5)
# The emails that follow a request are tasks in the database, written in the same transaction
# as the request and sent by `wholechild worker` (in local mode, by a worker `wholechild serve`
# runs beside the app): wholechild.care.messages.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Whether `wholechild serve` sends them itself: on locally, so `make run` stays one command; in
# production `wholechild worker` runs beside the app servers instead.
WORKER_IN_SERVE = env_bool("WHOLECHILD_WORKER_IN_SERVE", LOCAL)
# How long a worker may take to send one email before another may take it over (it crashed),
# and how often each worker looks for such emails. Shorter only in the fault tests.
EMAIL_LEASE_SECONDS = env_int("WHOLECHILD_EMAIL_LEASE_SECONDS", 300)
WORKER_RECOVER_SECONDS = env_int("WHOLECHILD_WORKER_RECOVER_SECONDS", 30)

# Who is told of a new request (comma-separated addresses). The email carries the reference
# and a link to the staff area, never a child's details.
# Locally they go to the console (the email backend below), so a developer sees each one.
CLINIC_NOTIFY_EMAILS = env_list(
    "WHOLECHILD_NOTIFY_EMAILS", "" if PRODUCTION else "clinic@localhost"
)
# The address the links in emails start with, e.g. https://clinic.example.org
SITE_URL = env("WHOLECHILD_SITE_URL", "http://127.0.0.1:8000")
# Withdrawn and closed requests are deleted this many days after they were withdrawn or closed
# (`wholechild manage purge_requests`).
RETENTION_DAYS = env_int("WHOLECHILD_RETENTION_DAYS", 90)
# Public POSTs (the request form and the API) allowed per client address per hour.
REQUEST_RATE_LIMIT = env_int("WHOLECHILD_REQUEST_RATE_LIMIT", 10)
REQUEST_RATE_WINDOW_SECONDS = 60 * 60

# `wholechild serve`: how many connections it holds open at once (slow clients included), and
# how long one may sit idle before it is closed. Defaults for the app behind a buffering proxy
# such as nginx, which is what a clinic should run (README, Deployment). The command's
# --connection-limit and --idle-timeout override them.
SERVER_CONNECTION_LIMIT = env_int("WHOLECHILD_CONNECTION_LIMIT", 1000)
SERVER_IDLE_TIMEOUT_SECONDS = env_int("WHOLECHILD_IDLE_TIMEOUT", 30)
# And how many processes it serves from (--workers): 0 is one per core in production and one
# locally. More than one needs REDIS_URL, for the sessions they share (wholechild.serving).
SERVER_WORKERS = env_int("WHOLECHILD_WORKERS", 0)

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if env("DJANGO_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("DJANGO_EMAIL_HOST")
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10
# With Django's file backend (`django.core.mail.backends.filebased.EmailBackend`), the folder
# each email is written to: for a clinic trying the app out, and for the fault tests.
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", str(DATA_DIR / "emails"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "wholechild@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch's choice lasts for the browser's session only (no Max-Age), like the
# check's own answers, and no script can read it; docs/decisions.md says why.
LANGUAGE_COOKIE_NAME = "wholechild_language"
LANGUAGE_COOKIE_AGE = None
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = env("WHOLECHILD_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The stylesheet and script every page shares; the apps keep only their own pages' sheets.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # WhiteNoise's compressed, hashed files, with each file's address remembered.
        else "wholechild.web.staticfiles.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Decided with DEBUG as configured, not as a test runner may flip it later: locally the files
# come from the apps, and STATIC_ROOT is only filled by collectstatic in production.
WHITENOISE_AUTOREFRESH = DEBUG

# Request bodies: the API refuses more than 64 KB itself; this is Django's own ceiling.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

# Security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Features no page of WholeChild uses; the browser refuses them to any script (wholechild.security).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is hard to undo and binds every subdomain, so a clinic opts in to it
        # knowingly (DJANGO_HSTS_PRELOAD=true); until then the deploy check need not nag.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
    # In production the request form and the API sit behind a proxy: django-axes takes the
    # client's address from REMOTE_ADDR, which `wholechild serve --trusted-proxy` sets from the
    # proxy's X-Forwarded-For.

# Logs never carry a child's details: requests are logged by path only, and no page puts a
# child's details in a path. Errors go to stderr without request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("WHOLECHILD_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
